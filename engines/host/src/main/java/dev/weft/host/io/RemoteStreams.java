package dev.weft.host.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.BatchReader;
import dev.weft.channels.Batches;
import dev.weft.channels.flight.FlightChannelReader;
import dev.weft.channels.flight.FlightChannelWriter;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.RemoteStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link RemoteStream} partitions from any JVM: an engine host, a Spark executor, a Flink task
 * manager. Per JVM there is one root allocator and one {@link FlightClientPool} per bearer token, created on first use
 * and shared by all threads. Batches move without a copy between allocators of that root: give readers and writers
 * allocators from {@link #allocator(String)}.
 */
public final class RemoteStreams {
    private static final Logger log = LoggerFactory.getLogger(RemoteStreams.class);
    private static final String NO_TOKEN = "";

    private static RootAllocator root;                                            // guarded by RemoteStreams.class
    private static final Map<String, FlightClientPool> pools = new HashMap<>();   // guarded by RemoteStreams.class
    private static final Map<String, BufferAllocator> poolAllocators = new HashMap<>();

    private RemoteStreams() {}

    /** A new child of the JVM-wide root allocator, for executor code that reads or writes remote streams (caller closes). */
    public static synchronized BufferAllocator allocator(String name) {
        requireNonNull(name, "name is null");
        return root().newChildAllocator(name, 0, Long.MAX_VALUE);
    }

    /**
     * Opens one partition for reading: batches are allocated from {@code allocator} (zero copy when it is a child of
     * this JVM's root, see {@link #allocator(String)}; copied otherwise). WeftException(CHANNEL_FAILED) naming the stream
     * when the stream breaks or the producer failed.
     */
    public static BatchReader open(RemoteStream stream, int partition, BufferAllocator allocator) {
        requireNonNull(stream, "stream is null");
        requireNonNull(allocator, "allocator is null");
        checkPartition(stream, partition);
        FlightClientPool pool = pool(stream);
        FlightPartitionId id = new FlightPartitionId(stream.streamId(), partition);
        if (allocator.getRoot() == rootAllocator()) {
            return FlightChannelReader.open(pool, stream.flightLocation(), id, allocator);
        }
        BufferAllocator staging = allocator("read-" + id.ticketText());
        try {
            return new CopyingReader(FlightChannelReader.open(pool, stream.flightLocation(), id, staging), staging, allocator);
        } catch (RuntimeException e) {
            staging.close();
            throw e;
        }
    }

    /**
     * Starts writing one partition; the writer's buffers come from {@code allocator}, which must be a child of this JVM's
     * root ({@link #allocator(String)}) like the batches written to it.
     */
    public static RemoteStreamWriter writer(RemoteStream stream, int partition, BufferAllocator allocator) {
        requireNonNull(stream, "stream is null");
        requireNonNull(allocator, "allocator is null");
        checkPartition(stream, partition);
        if (allocator.getRoot() != rootAllocator()) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "the allocator %s given to write %s is not of this JVM's remote-stream root: take it from RemoteStreams.allocator(name)"
                            .formatted(allocator.getName(), stream));
        }
        FlightPartitionId id = new FlightPartitionId(stream.streamId(), partition);
        FlightChannelWriter writer = FlightChannelWriter.open(pool(stream), stream.flightLocation(), id, stream.partitions(), stream.schema(), allocator);
        return new RemoteStreamWriter(writer, "partition %d of %s".formatted(partition, stream));
    }

    /** Closes every client pool and the root allocator (a JVM shutting down); WeftException(MEMORY_LEAK) if memory is still held. */
    public static synchronized void shutdown() {
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, FlightClientPool> entry : pools.entrySet()) {
            entry.getValue().close();
            BufferAllocator allocator = poolAllocators.get(entry.getKey());
            if (allocator.getAllocatedMemory() != 0) {
                leaks.add("%s: %d bytes".formatted(allocator.getName(), allocator.getAllocatedMemory()));
            } else {
                allocator.close();
            }
        }
        pools.clear();
        poolAllocators.clear();
        if (root != null) {
            if (root.getAllocatedMemory() != 0) {
                leaks.add("%s".formatted(root.toVerboseString()));
            } else {
                root.close();
            }
            root = null;
        }
        if (!leaks.isEmpty()) {
            throw new WeftException(ErrorCode.MEMORY_LEAK, "remote stream buffers were still allocated at shutdown: %s; this is a bug in the engine that read or wrote them"
                    .formatted(String.join("; ", leaks)));
        }
    }

    static synchronized BufferAllocator rootAllocator() {
        return root();
    }

    private static BufferAllocator root() {
        if (root == null) {
            root = new RootAllocator(Long.MAX_VALUE);
        }
        return root;
    }

    private static synchronized FlightClientPool pool(RemoteStream stream) {
        String key = stream.token().orElse(NO_TOKEN);
        FlightClientPool pool = pools.get(key);
        if (pool == null) {
            BufferAllocator allocator = root().newChildAllocator("remote-stream-clients-" + pools.size(), 0, Long.MAX_VALUE);
            pool = new FlightClientPool(allocator, stream.credentials());
            pools.put(key, pool);
            poolAllocators.put(key, allocator);
            log.debug("Created a Flight client pool for remote streams ({} pools)", pools.size());
        }
        return pool;
    }

    private static void checkPartition(RemoteStream stream, int partition) {
        if (partition < 0 || partition >= stream.partitions()) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "partition %d of %s does not exist: give 0 <= partition < %d"
                    .formatted(partition, stream, stream.partitions()));
        }
    }

    /** Reads into a staging allocator of this JVM's root and copies each batch into the caller's (another root). */
    private static final class CopyingReader implements BatchReader {
        private final FlightChannelReader reader;
        private final BufferAllocator staging;
        private final BufferAllocator target;

        CopyingReader(FlightChannelReader reader, BufferAllocator staging, BufferAllocator target) {
            this.reader = reader;
            this.staging = staging;
            this.target = target;
        }

        @Override
        public VectorSchemaRoot next() {
            try (VectorSchemaRoot batch = reader.next()) {
                if (batch == null) {
                    return null;
                }
                int[] rows = new int[batch.getRowCount()];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = i;
                }
                return Batches.copyRows(batch, rows, rows.length, target);
            }
        }

        @Override
        public void close() {
            try {
                reader.close();
            } finally {
                staging.close();
            }
        }
    }
}
