package dev.weft.channels.flight;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.StageOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A StageOutput whose partitions are DoPut streams to one server. A partition's DoPut starts on its first write;
 * {@link #completeAll()} starts the ones nobody wrote (so every partition exists on the server, empty ones included)
 * and completes them all; {@link #failAll(Throwable)} fails them all. The engine writes; the driver completes or fails.
 */
public final class FlightStageOutput implements StageOutput, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlightStageOutput.class);

    private enum State { OPEN, COMPLETED, FAILED, HANDED_OVER, CLOSED }

    private final FlightClientPool clients;
    private final Location location;
    private final FlightStreamId stream;
    private final int partitions;
    private final Schema schema;
    private final BufferAllocator allocator;
    private final FlightChannelWriter[] writers;     // guarded by this
    private final BatchWriter[] partitionWriters;
    private State state = State.OPEN;                // guarded by this

    public FlightStageOutput(FlightClientPool clients, Location location, FlightStreamId stream, int partitions, Schema schema,
                             BufferAllocator allocator) {
        this.clients = requireNonNull(clients, "clients is null");
        this.location = requireNonNull(location, "location is null");
        this.stream = requireNonNull(stream, "stream is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        if (partitions < 1) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "stream %s needs at least 1 partition, got %d".formatted(stream.text(), partitions));
        }
        this.partitions = partitions;
        this.writers = new FlightChannelWriter[partitions];
        this.partitionWriters = new BatchWriter[partitions];
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            partitionWriters[p] = batch -> write(partition, batch);
        }
    }

    @Override
    public int partitions() {
        return partitions;
    }

    /** The writer of one partition (thread-safe; write takes ownership of the batch). */
    @Override
    public BatchWriter partition(int partition) {
        checkPartition(partition);
        return partitionWriters[partition];
    }

    /** Starts the partitions nobody wrote, then completes every partition; on a failure, fails the rest and throws. */
    public void completeAll() {
        List<FlightChannelWriter> all;
        synchronized (this) {
            if (state == State.COMPLETED || state == State.HANDED_OVER) {
                return;
            }
            checkOpen("complete");
            try {
                for (int p = 0; p < partitions; p++) {
                    writerOf(p);
                }
            } catch (RuntimeException e) {
                failAllLocked(e);
                throw e;
            }
            state = State.COMPLETED;
            all = List.of(writers);
        }
        WeftException first = null;
        for (FlightChannelWriter writer : all) {
            if (first != null) {
                writer.fail(first);
                continue;
            }
            try {
                writer.complete();
            } catch (WeftException e) {
                first = e;
            }
        }
        if (first != null) {
            synchronized (this) {
                if (state == State.COMPLETED) {
                    state = State.FAILED;
                }
            }
            throw first;
        }
        log.debug("Completed stream {} ({} partitions) on {}", stream.text(), partitions, location);
    }

    /**
     * Fails every partition that was written to. A partition nobody wrote is never opened on the server (opening a DoPut
     * only to cancel it can leave the server waiting for a descriptor that never comes): its readers get NOT_FOUND.
     */
    public synchronized void failAll(Throwable cause) {
        requireNonNull(cause, "cause is null");
        if (state == State.HANDED_OVER) {
            log.debug("failAll on stream {} ignored: it was handed over to another process, which fails its partitions", stream.text());
            return;
        }
        if (state != State.OPEN) {
            log.debug("failAll on stream {} ignored: it is already {}", stream.text(), state.name().toLowerCase(Locale.ROOT));
            return;
        }
        failAllLocked(cause);
    }

    /** Fails the partitions that are not finished yet and frees everything. Idempotent. */
    @Override
    public void close() {
        List<FlightChannelWriter> opened = new ArrayList<>();
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            for (FlightChannelWriter writer : writers) {
                if (writer != null) {
                    opened.add(writer);
                }
            }
        }
        for (FlightChannelWriter writer : opened) {
            try {
                writer.close();
            } catch (RuntimeException e) {
                log.warn("Closing the writer of {} failed", writer.partitionId().ticketText(), e);
            }
        }
    }

    /**
     * Hands the stream over to another process (an engine host's executors), which writes and completes every partition
     * itself: afterwards {@link #completeAll()} and {@link #failAll(Throwable)} are no-ops for this object and writes
     * through it are refused. Only before anything was written through this object.
     */
    public RemoteStream handOver(FlightCredentials credentials) {
        requireNonNull(credentials, "credentials is null");
        synchronized (this) {
            if (state == State.HANDED_OVER) {
                return RemoteStream.of(location, stream, partitions, schema, credentials);
            }
            checkOpen("hand over");
            for (FlightChannelWriter writer : writers) {
                if (writer != null) {
                    throw new WeftException(ErrorCode.CHANNEL_FAILED,
                            "cannot hand stream %s over: partition %d was already written through this output; hand a stream over before writing to it"
                                    .formatted(stream.text(), writer.partitionId().partition()));
                }
            }
            state = State.HANDED_OVER;
        }
        log.debug("Handed stream {} ({} partitions) over to another writer", stream.text(), partitions);
        return RemoteStream.of(location, stream, partitions, schema, credentials);
    }

    /** {@link #handOver(FlightCredentials)} with the credentials of this output's client pool. */
    public RemoteStream handOver() {
        return handOver(clients.credentials());
    }

    /** The server the partitions are written to. */
    public Location location() {
        return location;
    }

    /** The stream the partitions belong to. */
    public FlightStreamId stream() {
        return stream;
    }

    @Override
    public String toString() {
        return "FlightStageOutput[%s, %d partitions, to %s]".formatted(stream.text(), partitions, location);
    }

    private void write(int partition, VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        FlightChannelWriter writer;
        try {
            synchronized (this) {
                checkOpen("write to");
                writer = writerOf(partition);
            }
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
        writer.write(batch);
    }

    // Caller holds this.
    private FlightChannelWriter writerOf(int partition) {
        FlightChannelWriter writer = writers[partition];
        if (writer == null) {
            writer = FlightChannelWriter.open(clients, location, new FlightPartitionId(stream, partition), partitions, schema, allocator);
            writers[partition] = writer;
        }
        return writer;
    }

    // Caller holds this.
    private void failAllLocked(Throwable cause) {
        state = State.FAILED;
        for (FlightChannelWriter writer : writers) {
            if (writer != null) {
                writer.fail(cause);
            }
        }
        log.debug("Failed stream {} on {}: {}", stream.text(), location, FlightErrors.messageOf(cause));
    }

    // Caller holds this.
    private void checkOpen(String action) {
        if (state != State.OPEN) {
            throw new WeftException(ErrorCode.CHANNEL_FAILED,
                    "cannot %s stream %s: it is already %s; the engine writes before the driver completes or fails the stage output"
                            .formatted(action, stream.text(), state.name().toLowerCase(Locale.ROOT)));
        }
    }

    private void checkPartition(int partition) {
        if (partition < 0 || partition >= partitions) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "partition %d of stream %s does not exist: give 0 <= partition < %d".formatted(partition, stream.text(), partitions));
        }
    }
}
