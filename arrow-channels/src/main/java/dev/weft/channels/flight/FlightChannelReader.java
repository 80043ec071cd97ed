package dev.weft.channels.flight;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.BatchReader;
import dev.weft.channels.Batches;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DoGet of one partition. Each batch the stream loads is handed to the caller by moving its buffers into a new
 * root allocated from the reader's allocator (no copy). Any failure (the producer failed, the connection broke, the
 * server does not host the partition) is a WeftException naming the ticket: a partition is never silently cut short.
 * Not thread-safe.
 */
public final class FlightChannelReader implements BatchReader {
    private static final Logger log = LoggerFactory.getLogger(FlightChannelReader.class);
    static final long DRAIN_MILLIS = 1000;
    private static final AtomicInteger DRAIN_THREADS = new AtomicInteger();
    private static final ExecutorService DRAINS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "weft-flight-drain-" + DRAIN_THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final Location location;
    private final FlightPartitionId partition;
    private final BufferAllocator allocator;
    private final FlightStream stream;
    private boolean ended;
    private boolean closed;
    private WeftException failure;
    private long rows;

    private FlightChannelReader(Location location, FlightPartitionId partition, BufferAllocator allocator, FlightStream stream) {
        this.location = location;
        this.partition = partition;
        this.allocator = allocator;
        this.stream = stream;
    }

    /**
     * Starts the DoGet of the partition; the server's answer is seen by {@link #schema()} and {@link #next()}. The
     * allocator must share a root with the pool's (buffers are transferred, not copied).
     */
    public static FlightChannelReader open(FlightClientPool clients, Location location, FlightPartitionId partition, BufferAllocator allocator) {
        requireNonNull(clients, "clients is null");
        requireNonNull(location, "location is null");
        requireNonNull(partition, "partition is null");
        requireNonNull(allocator, "allocator is null");
        if (allocator.getRoot() != clients.allocator().getRoot()) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "the allocator %s given to read stream %s and the Flight client pool's allocator %s have different roots: batches are handed over without a copy, so give allocators of one root allocator"
                            .formatted(allocator.getName(), partition.ticketText(), clients.allocator().getName()));
        }
        FlightClient client = clients.client(location);
        FlightStream stream;
        try {
            stream = client.getStream(partition.ticket(), clients.credentials().callOptions());
        } catch (RuntimeException e) {
            throw FlightErrors.callFailed("stream " + partition.ticketText(), location, e);
        }
        log.debug("Started DoGet of {} from {}", partition.ticketText(), location);
        return new FlightChannelReader(location, partition, allocator, stream);
    }

    /** The partition's schema, as the server sent it (waits for the server's first message). */
    public Schema schema() {
        checkNotClosed();
        if (failure != null) {
            throw rethrown();
        }
        try {
            return stream.getSchema();
        } catch (RuntimeException e) {
            failure = FlightErrors.callFailed("stream " + partition.ticketText(), location, e);
            throw failure;
        }
    }

    /**
     * The next batch (the caller owns it; allocated from the reader's allocator), null at the end; WeftException
     * (CHANNEL_FAILED, or AUTHENTICATION_FAILED if the server refused the credentials) naming the ticket when the server
     * reports the partition failed, the connection broke, or the partition is unknown.
     */
    @Override
    public VectorSchemaRoot next() {
        checkNotClosed();
        if (failure != null) {
            throw rethrown();
        }
        if (ended) {
            return null;
        }
        try {
            if (!stream.next()) {
                ended = true;
                log.debug("Read {} to the end: {} rows", partition.ticketText(), rows);
                return null;
            }
            VectorSchemaRoot batch = Batches.transfer(stream.getRoot(), allocator);
            rows += batch.getRowCount();
            return batch;
        } catch (RuntimeException e) {
            failure = FlightErrors.callFailed("stream " + partition.ticketText(), location, e);
            throw failure;
        }
    }

    /**
     * Frees the stream; a partition not read to the end is first drained, for at most {@value #DRAIN_MILLIS} ms, and
     * only then cancelled. Cancelling a DoGet can leak: gRPC drops the Arrow messages it has parsed but not yet handed
     * to the stream, and their buffers stay charged to the client pool's allocator for good (a known Arrow Java and
     * gRPC issue, seen here as 32 KiB left at the pool's close). Draining a short rest avoids that; a long or endless
     * rest is cancelled after the bound (the producer is told, at the risk of that one message). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ended && failure == null) {
            Future<?> drain = DRAINS.submit(() -> {
                while (stream.next()) {
                    stream.getRoot().clear();
                }
            });
            if (!finished(drain)) {
                log.debug("The rest of {} did not end within {} ms: cancelling the DoGet", partition.ticketText(), DRAIN_MILLIS);
                try {
                    stream.cancel("the reader of %s was closed before the end".formatted(partition.ticketText()), null);
                } catch (RuntimeException e) {
                    log.debug("Cancelling the DoGet of {} failed", partition.ticketText(), e);
                }
                if (!finished(drain)) {
                    log.warn("The DoGet of {} still runs {} ms after it was cancelled", partition.ticketText(), DRAIN_MILLIS);
                }
            }
        }
        try {
            stream.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while closing the DoGet of {}", partition.ticketText());
        } catch (Exception e) {
            log.debug("Closing the DoGet of {} reported an error", partition.ticketText(), e);
        }
    }

    /** Waits up to the bound for the drain: true once it ended, normally or with the call's error. */
    private boolean finished(Future<?> drain) {
        try {
            drain.get(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            log.debug("Draining {} ended with {}", partition.ticketText(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "FlightChannelReader[%s from %s, %d rows read]".formatted(partition.ticketText(), location, rows);
    }

    private WeftException rethrown() {
        return new WeftException(failure.errorCode(), failure.getMessage(), failure);
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("the reader of stream %s is closed".formatted(partition.ticketText()));
        }
    }
}
