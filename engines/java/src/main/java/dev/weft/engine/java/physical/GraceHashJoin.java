package dev.weft.engine.java.physical;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.SpillableBatchBuffer;
import dev.weft.engine.java.exec.SpillableBatchBuffer.ReadMode;
import dev.weft.kernels.memory.MemoryBudget;
import dev.weft.kernels.ops.HashJoiner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A grace hash join, for a build side that does not fit the memory budget: the build rows (already split into buckets
 * by {@link JoinBuildSide}) and the probe rows of every partition are hash-split alike, then each bucket pair is joined
 * with a fresh {@link HashJoiner}; a pair whose build side still does not fit is split again with the next level's
 * seed, up to {@link #MAX_LEVEL}. The joined rows of each probe partition go to that partition's output buffer (they
 * stay in the partition of their probe row; within it, they come bucket by bucket). Build and splits run on the driving
 * thread, probing runs one task per partition.
 */
final class GraceHashJoin implements AutoCloseable {
    /** The deepest split level: a bucket pair still too big there fails as skewed. */
    static final int MAX_LEVEL = 4;

    private static final Logger LOG = LoggerFactory.getLogger(GraceHashJoin.class);

    private final ExecutionContext context;
    private final int[] buildKeys;
    private final int[] probeKeys;
    private final Supplier<HashJoiner> joiners;
    private final UnaryOperator<VectorSchemaRoot> shape;
    private final String operator;
    private final List<SpillableBatchBuffer> buildBuckets;
    private final List<List<SpillableBatchBuffer>> probeBuckets = new ArrayList<>();
    private final List<SpillableBatchBuffer> outputs = new ArrayList<>();
    private final List<SpillableBatchBuffer> created = new ArrayList<>();

    /**
     * {@code buildBuckets} are the level-1 buckets of the build side (taken over); {@code joiners} makes an empty
     * joiner; {@code shape} turns a joined batch into an output batch (taking ownership).
     */
    GraceHashJoin(ExecutionContext context, List<SpillableBatchBuffer> buildBuckets, int[] buildKeys, int[] probeKeys,
                  int partitions, Supplier<HashJoiner> joiners, UnaryOperator<VectorSchemaRoot> shape, String operator) {
        this.context = requireNonNull(context, "context is null");
        this.buildBuckets = List.copyOf(buildBuckets);
        created.addAll(buildBuckets);
        this.buildKeys = buildKeys.clone();
        this.probeKeys = probeKeys.clone();
        this.joiners = requireNonNull(joiners, "joiners is null");
        this.shape = requireNonNull(shape, "shape is null");
        this.operator = requireNonNull(operator, "operator is null");
        try {
            for (int p = 0; p < partitions; p++) {
                probeBuckets.add(newBuckets(buildBuckets.size()));
                outputs.add(newBuffer());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Splits a probe batch of a partition into its buckets (one task per partition); the caller keeps the batch. */
    void addProbe(int partition, VectorSchemaRoot batch) {
        JoinBuckets.split(batch, probeKeys, 1, probeBuckets.get(partition), false, context.allocator());
    }

    /** Joins every bucket pair into the output buffers (on the driving thread, after every probe batch was added). */
    void join() {
        for (int b = 0; b < buildBuckets.size(); b++) {
            List<SpillableBatchBuffer> probes = new ArrayList<>();
            for (List<SpillableBatchBuffer> partition : probeBuckets) {
                probes.add(partition.get(b));
            }
            joinPair(buildBuckets.get(b), probes, 1);
        }
        outputs.forEach(SpillableBatchBuffer::finishWriting);
    }

    /** Pushes the joined rows of a partition into {@code out} (which owns them) until it wants no more. */
    void emit(int partition, BatchSink out) {
        SpillableBatchBuffer output = outputs.get(partition);
        try {
            output.forEach(ReadMode.TAKE, out::accept);
        } finally {
            output.close();
        }
    }

    /** Releases every bucket and output buffer (memory and spill files); idempotent. */
    @Override
    public void close() {
        BatchShapes.closeAll(created);
    }

    private void joinPair(SpillableBatchBuffer build, List<SpillableBatchBuffer> probes, int level) {
        context.checkCancelled();
        try (HashJoiner joiner = joiners.get()) {
            if (buildFits(joiner, build)) {
                joiner.finishBuild();
                build.close();
                context.runTasks(probes.size(), p -> probes.get(p).forEach(ReadMode.TAKE, batch -> {
                    try (batch) {
                        context.checkCancelled();
                        joiner.probe(batch, joined -> append(p, joined));
                    }
                    return true;
                }));
                BatchShapes.closeAll(probes);
                return;
            }
        }
        if (level >= MAX_LEVEL) {
            throw new WeftException(ErrorCode.EXCEEDED_MEMORY_LIMIT,
                    ("%s: the join key is too skewed to spill: %d build rows (right input) with equal key hashes still need more "
                            + "memory than %s (%d bytes) allows after %d rounds of hash partitioning; raise %s, or filter or "
                            + "split the most frequent join key").formatted(operator, build.rowCount(), MemoryBudget.SETTING,
                            context.memoryBudget().limit(), level, MemoryBudget.SETTING));
        }
        LOG.debug("{}: build bucket of {} rows does not fit, splitting it at level {}", operator, build.rowCount(), level + 1);
        List<SpillableBatchBuffer> subBuild = newBuckets(JoinBuckets.FAN_OUT);
        splitInto(build, buildKeys, level + 1, subBuild, true);
        List<List<SpillableBatchBuffer>> subProbes = new ArrayList<>();
        for (int p = 0; p < probes.size(); p++) {
            subProbes.add(newBuckets(JoinBuckets.FAN_OUT));
        }
        context.runTasks(probes.size(), p -> splitInto(probes.get(p), probeKeys, level + 1, subProbes.get(p), false));
        for (int b = 0; b < JoinBuckets.FAN_OUT; b++) {
            List<SpillableBatchBuffer> probeBucket = new ArrayList<>();
            for (List<SpillableBatchBuffer> partition : subProbes) {
                probeBucket.add(partition.get(b));
            }
            joinPair(subBuild.get(b), probeBucket, level + 1);
        }
    }

    /** Builds the joiner from the bucket; false (the bucket kept) if it does not fit the memory budget. */
    private boolean buildFits(HashJoiner joiner, SpillableBatchBuffer build) {
        try {
            build.forEach(ReadMode.BORROW, batch -> {
                context.checkCancelled();
                joiner.build(batch);
                return true;
            });
            return true;
        } catch (WeftException e) {
            if (e.errorCode() != ErrorCode.EXCEEDED_MEMORY_LIMIT) {
                throw e;
            }
            return false;
        }
    }

    private void splitInto(SpillableBatchBuffer source, int[] keys, int level, List<SpillableBatchBuffer> into, boolean dropNullKeys) {
        source.forEach(ReadMode.TAKE, batch -> {
            try (batch) {
                context.checkCancelled();
                JoinBuckets.split(batch, keys, level, into, dropNullKeys, context.allocator());
            }
            return true;
        });
        source.close();
        into.forEach(SpillableBatchBuffer::finishWriting);
    }

    private void append(int partition, VectorSchemaRoot joined) {
        VectorSchemaRoot result = shape.apply(joined);
        if (result.getRowCount() == 0) {
            result.close();
            return;
        }
        outputs.get(partition).append(result);
    }

    private List<SpillableBatchBuffer> newBuckets(int count) {
        List<SpillableBatchBuffer> buckets = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            buckets.add(newBuffer());
        }
        return buckets;
    }

    private synchronized SpillableBatchBuffer newBuffer() {
        SpillableBatchBuffer buffer = context.newBuffer();
        created.add(buffer);
        return buffer;
    }
}
