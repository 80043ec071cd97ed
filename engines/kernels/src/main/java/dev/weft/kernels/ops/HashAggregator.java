package dev.weft.kernels.ops;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.channels.IpcFileChannel;
import dev.weft.kernels.memory.MemoryBudget;
import dev.weft.kernels.memory.MemoryReservation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hash aggregation (GROUP BY keys, aggregates; DISTINCT is a GROUP BY without aggregates) over Arrow batches whose key
 * and argument columns are already evaluated. NULL keys form one group. Without keys the aggregation is global: SINGLE
 * and FINAL emit exactly one row, even for no input.
 *
 * <p>In every mode the constructor takes the raw input schema and the key and argument columns of the raw input;
 * FINAL's {@link #add} then takes batches of {@link #intermediateSchema} (what PARTIAL emits).
 *
 * <p>State is charged to the {@link MemoryBudget}. When it does not fit, the state is written to 16 hash partitions
 * of Arrow IPC files under the spill directory and the aggregation starts over; at {@link #finish} each partition is
 * merged on its own (re-partitioned on the next hash bits if it still does not fit). Spill files are deleted at
 * close. Not thread-safe.
 */
public final class HashAggregator implements AutoCloseable {
    public static final int DEFAULT_BATCH_SIZE = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(HashAggregator.class);

    private final AggregateLayout layout;
    private final AggregationMode mode;
    private final BufferAllocator allocator;
    private final BufferAllocator stateAllocator;
    private final MemoryReservation reservation;
    private final SpillFiles spillFiles;
    private final int batchSize;
    private GroupingState state;
    private SpillPartitions spill;
    private int spillCount;
    private long spilledBytes;
    private boolean finished;
    private boolean closed;

    public HashAggregator(Schema input, int[] keyColumns, List<AggregateSpec> aggregates, AggregationMode mode,
                          BufferAllocator allocator, MemoryBudget budget, Path spillDirectory) {
        this(input, keyColumns, aggregates, mode, allocator, budget, spillDirectory, DEFAULT_BATCH_SIZE);
    }

    public HashAggregator(Schema input, int[] keyColumns, List<AggregateSpec> aggregates, AggregationMode mode,
                          BufferAllocator allocator, MemoryBudget budget, Path spillDirectory, int batchSize) {
        requireNonNull(input, "input is null");
        requireNonNull(keyColumns, "keyColumns is null");
        requireNonNull(aggregates, "aggregates is null");
        this.mode = requireNonNull(mode, "mode is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        requireNonNull(budget, "budget is null");
        requireNonNull(spillDirectory, "spillDirectory is null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.layout = new AggregateLayout(input, keyColumns, List.copyOf(aggregates));
        if (layout.hasDistinct && mode != AggregationMode.SINGLE) {
            throw distinctNeedsSingle(mode);
        }
        this.batchSize = batchSize;
        this.reservation = new MemoryReservation(budget);
        this.spillFiles = new SpillFiles(spillDirectory, "weft-aggregate-");
        this.stateAllocator = allocator.newChildAllocator("hash-aggregator", 0, Long.MAX_VALUE);
        try {
            this.state = new GroupingState(layout, stateAllocator, 0);
        } catch (RuntimeException e) {
            stateAllocator.close();
            throw e;
        }
    }

    /** Keys, then the state columns of each aggregate (e.g. avg: sum and count): what PARTIAL emits and FINAL takes. */
    public static Schema intermediateSchema(Schema input, int[] keyColumns, List<AggregateSpec> aggregates) {
        AggregateLayout layout = new AggregateLayout(input, keyColumns, List.copyOf(aggregates));
        if (layout.hasDistinct) {
            throw distinctNeedsSingle(AggregationMode.PARTIAL);
        }
        return layout.stateSchema;
    }

    /** The schema of the batches {@link #finish} emits. */
    public Schema outputSchema() {
        return mode == AggregationMode.PARTIAL ? layout.stateSchema : layout.resultSchema;
    }

    /** Adds a batch (raw rows, or intermediate rows in FINAL mode); does not take ownership. */
    public void add(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        checkOpen();
        if (mode == AggregationMode.FINAL) {
            BatchChecks.checkBatch(batch, layout.stateSchema, "FINAL aggregation input");
            if (batch.getRowCount() > 0) {
                state.mergeState(batch);
            }
        } else {
            BatchChecks.checkBatch(batch, layout.input, "aggregation input");
            if (batch.getRowCount() > 0) {
                state.addRaw(batch);
            }
        }
        if (!reservation.tryResize(state.memoryBytes())) {
            spillState();
        }
    }

    /** Emits the result batches (the consumer owns each): keys then aggregate outputs, or intermediate state in PARTIAL. */
    public void finish(Consumer<VectorSchemaRoot> output) {
        requireNonNull(output, "output is null");
        checkOpen();
        finished = true;
        long emitted;
        if (spill == null) {
            emitted = state.emit(output, allocator, batchSize, mode == AggregationMode.PARTIAL, 0);
        } else {
            spillState();
            List<Path> partitions = finishSpill(spill);
            spill = null;
            emitted = 0;
            for (Path partition : partitions) {
                emitted += mergePartition(partition, 1, output);
            }
        }
        if (emitted == 0 && layout.keyCount() == 0 && mode != AggregationMode.PARTIAL) {
            state.emit(output, allocator, batchSize, false, 1);
        }
        state.close();
        reservation.tryResize(0);
    }

    /** How many times state was written to disk. */
    public int spillCount() {
        return spillCount;
    }

    /** Bytes written to spill files. */
    public long spilledBytes() {
        return spilledBytes;
    }

    private void spillState() {
        if (state.groupCount() == 0) {
            return;
        }
        if (spill == null) {
            spill = new SpillPartitions(spillFiles, layout.stateSchema, stateAllocator);
        }
        spillTo(spill, 0);
    }

    private void spillTo(SpillPartitions partitions, int level) {
        LOG.debug("spilling {} groups ({} bytes) at level {}", state.groupCount(), reservation.bytes(), level);
        int groups = state.groupCount();
        state.spill(partitions, level, batchSize);
        state.close();
        state = new GroupingState(layout, stateAllocator, groups / 2);
        reservation.tryResize(state.memoryBytes());
        spillCount++;
    }

    private List<Path> finishSpill(SpillPartitions partitions) {
        List<Path> files = partitions.finish();
        spilledBytes += partitions.bytesWritten();
        return files;
    }

    /** Merges one spilled partition and emits its groups; re-partitions it on the next hash bits if it does not fit. */
    private long mergePartition(Path file, int level, Consumer<VectorSchemaRoot> output) {
        SpillPartitions subPartitions = null;
        try {
            try (IpcFileChannel.Reader reader = IpcFileChannel.openReader(file, stateAllocator)) {
                while (reader.next()) {
                    VectorSchemaRoot batch = reader.root();
                    if (batch.getRowCount() == 0) {
                        continue;
                    }
                    state.mergeState(batch);
                    if (!reservation.tryResize(state.memoryBytes())) {
                        if (level >= Hashing.MAX_LEVELS) {
                            throw exceeded();
                        }
                        if (subPartitions == null) {
                            subPartitions = new SpillPartitions(spillFiles, layout.stateSchema, stateAllocator);
                        }
                        spillTo(subPartitions, level);
                    }
                }
            }
            spillFiles.delete(file);
            if (subPartitions == null) {
                long groups = state.emit(output, allocator, batchSize, mode == AggregationMode.PARTIAL, 0);
                state.close();
                state = new GroupingState(layout, stateAllocator, 0);
                reservation.tryResize(state.memoryBytes());
                return groups;
            }
            spillTo(subPartitions, level);
            List<Path> files = finishSpill(subPartitions);
            subPartitions = null;
            long groups = 0;
            for (Path sub : files) {
                groups += mergePartition(sub, level + 1, output);
            }
            return groups;
        } finally {
            if (subPartitions != null) {
                subPartitions.close();
            }
        }
    }

    private WeftException exceeded() {
        return new WeftException(ErrorCode.EXCEEDED_MEMORY_LIMIT,
                "hash aggregation state of one key needs more than the memory budget (%d bytes reserved, limit %d) even after %d levels of spill partitioning (a single group with very many DISTINCT values?); raise %s"
                        .formatted(reservation.bytes(), reservation.budget().limit(), Hashing.MAX_LEVELS, MemoryBudget.SETTING));
    }

    private static WeftException distinctNeedsSingle(AggregationMode mode) {
        return new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                "DISTINCT aggregates have no %s form; shuffle the rows on the group keys and aggregate them in SINGLE mode"
                        .formatted(mode));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("hash aggregator is closed");
        }
        if (finished) {
            throw new IllegalStateException("hash aggregator is finished");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> closeables = new ArrayList<>();
        closeables.add(spill);
        closeables.add(state);
        closeables.add(spillFiles);
        closeables.add(reservation);
        closeables.add(stateAllocator);
        spill = null;
        BatchCopies.closeAll(closeables);
    }
}
