package dev.weft.flight.store;

import static java.util.Objects.requireNonNull;

import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All hosted streams; thread-safe.
 *
 * <p>Memory: every stored batch is copied into one off-heap block of exactly its (8-byte aligned) body size, charged
 * to the allocator passed in without the allocator's rounding, and counted against {@code memoryBudgetBytes}. When a
 * writer's batch does not fit, the store spills (complete partitions first, then batches every attached reader has
 * passed, then partitions nobody reads) to Arrow IPC files in the spill directory, from which readers continue at the
 * same batch; when nothing can be spilled it makes the writer wait for lagging readers (back-pressure). With spilling
 * disabled a full budget is {@link StoreException.Kind#RESOURCE_EXHAUSTED}. Data is retained until its job is dropped
 * (streams can be read many times).
 */
public final class StreamStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamStore.class);

    /** How long a blocked writer waits with no reader advancing anywhere before it spills batches readers have not read. */
    static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(2);

    private final StoreMemory memory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<FlightStreamId, HostedStream> streams = new LinkedHashMap<>();
    private boolean closed;

    public StreamStore(BufferAllocator allocator, StoreSettings settings) {
        this(allocator, settings, DEFAULT_STALL_TIMEOUT);
    }

    StreamStore(BufferAllocator allocator, StoreSettings settings, Duration stallTimeout) {
        requireNonNull(allocator, "allocator is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(stallTimeout, "stallTimeout is null");
        this.memory = new StoreMemory(allocator, settings, stallTimeout.toNanos());
    }

    /**
     * Starts writing a partition; creates the stream on first use. INVALID_ARGUMENT if the schema differs from the
     * stream's, the partition count differs, the partition is out of range or was already written.
     */
    public PartitionWriter openWriter(FlightPartitionId id, int partitionCount, Schema schema) {
        requireNonNull(id, "id is null");
        requireNonNull(schema, "schema is null");
        FlightStreamId streamId = id.stream();
        if (partitionCount < 1 || partitionCount > HostedStream.MAX_PARTITIONS) {
            throw new StoreException(StoreException.Kind.INVALID_ARGUMENT,
                    "partition count %d of stream %s is outside 1..%d: give the number of partitions the stage writes"
                            .formatted(partitionCount, HostedStream.describe(streamId), HostedStream.MAX_PARTITIONS));
        }
        if (id.partition() >= partitionCount) {
            throw new StoreException(StoreException.Kind.INVALID_ARGUMENT,
                    "partition %d of stream %s is outside its %d partitions: give 0 <= partition < partitionCount"
                            .formatted(id.partition(), HostedStream.describe(streamId), partitionCount));
        }
        HostedStream stream;
        lock.lock();
        try {
            checkOpen();
            stream = streams.get(streamId);
            if (stream == null) {
                stream = new HostedStream(streamId, schema, partitionCount, memory);
                streams.put(streamId, stream);
                LOG.debug("hosting stream {} with {} partitions", stream.describe(), partitionCount);
            } else {
                checkMatches(stream, partitionCount, schema);
            }
        } finally {
            lock.unlock();
        }
        Partition partition = stream.partition(id.partition());
        partition.openWriter();
        return new StoredPartitionWriter(partition, memory);
    }

    /**
     * A reader from the first batch; NOT_FOUND if the stream or partition is unknown (a partition of a known stream that
     * no producer opened yet: the reader waits for it). Reads while the partition is OPEN get batches as they arrive.
     */
    public PartitionReader openReader(FlightPartitionId id) {
        requireNonNull(id, "id is null");
        HostedStream stream;
        lock.lock();
        try {
            checkOpen();
            stream = streams.get(id.stream());
        } finally {
            lock.unlock();
        }
        if (stream == null) {
            throw new StoreException(StoreException.Kind.NOT_FOUND,
                    "stream %s is not hosted here: its producer has not started writing it, or its job was dropped; check the job, stage and output names"
                            .formatted(HostedStream.describe(id.stream())));
        }
        if (id.partition() >= stream.partitionCount()) {
            throw new StoreException(StoreException.Kind.NOT_FOUND,
                    "stream %s has %d partitions, there is no partition %d: read 0..%d"
                            .formatted(stream.describe(), stream.partitionCount(), id.partition(), stream.partitionCount() - 1));
        }
        Partition partition = stream.partition(id.partition());
        return new StoredPartitionReader(partition, partition.attach());
    }

    public Optional<StreamInfo> info(FlightStreamId id) {
        requireNonNull(id, "id is null");
        HostedStream stream;
        lock.lock();
        try {
            stream = streams.get(id);
        } finally {
            lock.unlock();
        }
        return Optional.ofNullable(stream).map(HostedStream::info);
    }

    public List<StreamInfo> streams() {
        List<HostedStream> hosted;
        lock.lock();
        try {
            hosted = new ArrayList<>(streams.values());
        } finally {
            lock.unlock();
        }
        List<StreamInfo> infos = new ArrayList<>(hosted.size());
        for (HostedStream stream : hosted) {
            infos.add(stream.info());
        }
        return List.copyOf(infos);
    }

    public Set<String> jobs() {
        lock.lock();
        try {
            Set<String> jobs = new LinkedHashSet<>();
            for (FlightStreamId id : streams.keySet()) {
                jobs.add(id.job());
            }
            return Set.copyOf(jobs);
        } finally {
            lock.unlock();
        }
    }

    /** Drops every stream of the job: memory freed, spill files deleted, blocked writers/readers get CANCELLED. */
    public int dropJob(String job) {
        requireNonNull(job, "job is null");
        List<HostedStream> dropped = new ArrayList<>();
        lock.lock();
        try {
            Iterator<HostedStream> iterator = streams.values().iterator();
            while (iterator.hasNext()) {
                HostedStream stream = iterator.next();
                if (stream.id().job().equals(job)) {
                    dropped.add(stream);
                    iterator.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        for (HostedStream stream : dropped) {
            stream.drop("job '%s' was dropped".formatted(job));
        }
        if (!dropped.isEmpty()) {
            LOG.debug("dropped {} streams of job {}", dropped.size(), job);
        }
        return dropped.size();
    }

    /** Bytes charged to the budget now: stored batches in memory and copies under way. */
    public long memoryUsed() {
        return memory.ledger().used();
    }

    /** Bytes in spill files now. */
    public long spilledBytes() {
        return memory.spilledBytes().get();
    }

    /** Drops everything; later calls get CANCELLED. Does not close the allocator (the caller's). */
    @Override
    public void close() {
        List<HostedStream> dropped;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            dropped = new ArrayList<>(streams.values());
            streams.clear();
        } finally {
            lock.unlock();
        }
        for (HostedStream stream : dropped) {
            stream.drop("the Flight stream store was closed");
        }
    }

    /** Writers blocked waiting for memory now (for tests and health output). */
    int blockedWriters() {
        return memory.ledger().waiters();
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException(StoreException.Kind.CANCELLED, "the Flight stream store is closed: the server is shutting down");
        }
    }

    private static void checkMatches(HostedStream stream, int partitionCount, Schema schema) {
        if (stream.partitionCount() != partitionCount) {
            throw new StoreException(StoreException.Kind.INVALID_ARGUMENT,
                    "stream %s has %d partitions, a producer opened it with %d: every producer of a stream must give the same partition count"
                            .formatted(stream.describe(), stream.partitionCount(), partitionCount));
        }
        if (!stream.schema().getFields().equals(schema.getFields())) {
            throw new StoreException(StoreException.Kind.INVALID_ARGUMENT,
                    "a producer opened stream %s with schema %s, but its first producer gave %s: every partition of a stream must have the same schema"
                            .formatted(stream.describe(), schema, stream.schema()));
        }
    }
}
