package dev.weft.engine.java.physical;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.function.KeySelector;
import dev.weft.api.function.ReduceFunction;
import dev.weft.api.plan.ReduceByKeyOperator;
import dev.weft.api.types.ElementType;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.UserFunctions;
import dev.weft.kernels.memory.MemoryBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * reduceByKey on Java objects: each input partition combines its elements per key in a hash map (map-side
 * combine); the partial maps are split by key into P output partitions, each merging its share in input order and
 * emitting the values in order of first appearance.
 *
 * <p>Memory (after Spark's ExternalAppendOnlyMap): every map's estimated heap size is charged to the stage's budget
 * ({@link ObjectMemory}). A partial map that outgrows its share is flushed, split by output partition, into spillable
 * buckets ({@link ObjectBuckets}, Arrow batches) and starts over; the last partial map stays as Java objects, so
 * when everything fits nothing is encoded and no file is written. The merge of an output partition keeps reducing the
 * keys it holds once its map is full, and hash-splits the elements of new keys into {@value ObjectBuckets#FAN_OUT}
 * sub-buckets (another hash seed per level); after its input it emits its map, then merges and emits each sub-bucket
 * the same way, one at a time (in that order, which then differs from first appearance).
 */
public final class ReduceByKeyNode extends PhysicalNode {
    /** Levels of sub-buckets below an output partition before the merge gives up. */
    static final int MAX_DEPTH = 8;
    /** Heap bytes of a map entry besides its key and value (node, table slot). */
    private static final long ENTRY_OVERHEAD = 48;

    private final PhysicalNode input;
    private final ReduceByKeyOperator reduce;
    private final KeySelector<Object, Object> key;
    private final ReduceFunction<Object> function;
    private final ElementType<Object> type;
    private ObjectMemory.ElementSizer sizer;
    /** Per input partition, what it left for the output partitions. */
    private List<Partial> partials;

    @SuppressWarnings("unchecked")
    public ReduceByKeyNode(ExecutionContext context, ReduceByKeyOperator operator, PhysicalNode input) {
        super(context, operator, operator.schema(), context.parallelism(), List.of(input));
        this.input = input;
        this.reduce = operator;
        this.key = (KeySelector<Object, Object>) operator.key().function();
        this.function = (ReduceFunction<Object>) operator.reducer().function();
        this.type = (ElementType<Object>) operator.output().elementType();
    }

    /**
     * The partial results of one input partition: those flushed when its map was full (null if it never was), then the
     * last map split by output partition, whose memory stays reserved until every output partition merged its part.
     */
    private static final class Partial implements AutoCloseable {
        final ObjectMemory memory;
        ObjectBuckets flushed;
        List<Map<Object, Object>> maps;
        AtomicInteger unread;

        Partial(ObjectMemory memory) {
            this.memory = memory;
        }

        synchronized Map<Object, Object> take(int partition) {
            if (maps == null) {
                return Map.of();
            }
            Map<Object, Object> map = maps.get(partition);
            maps.set(partition, Map.of());
            return map;
        }

        @Override
        public void close() {
            try {
                memory.close();
            } finally {
                if (flushed != null) {
                    flushed.close();
                }
            }
        }
    }

    @Override
    public void prepare() {
        int inputs = input.partitionCount();
        sizer = new ObjectMemory.ElementSizer(type, context.allocator());
        partials = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            partials.add(new Partial(ObjectMemory.forTask(context)));
        }
        context.runTasks(inputs, partition -> {
            Partial partial = partials.get(partition);
            Map<Object, Object> combined = new LinkedHashMap<>();
            input.execute(partition, ElementBatches.decoding(type, element -> {
                Object elementKey = keyOf(element);
                if (combined.containsKey(elementKey)) {
                    combined.put(elementKey, combine(combined.get(elementKey), element));
                    return;
                }
                long bytes = entryBytes(element);
                if (!partial.memory.tryGrow(bytes)) {
                    if (!combined.isEmpty()) {
                        flush(combined, partial);
                    }
                    if (!partial.memory.tryGrow(bytes)) {
                        partial.memory.grow(bytes);
                    }
                }
                combined.put(elementKey, element);
            }, () -> {
                if (partial.flushed != null) {
                    partial.flushed.finishWriting();
                }
                partial.unread = new AtomicInteger(partitionCount());
                partial.maps = split(combined);
            }));
        });
    }

    private long entryBytes(Object element) {
        // The key is estimated as large as the element.
        return 2 * sizer.bytesOf(element) + ENTRY_OVERHEAD;
    }

    /** Moves the partial results into the spillable buckets of their output partitions and empties the map. */
    private void flush(Map<Object, Object> combined, Partial partial) {
        if (partial.flushed == null) {
            partial.flushed = new ObjectBuckets(context, type, partitionCount());
        }
        for (Map.Entry<Object, Object> entry : combined.entrySet()) {
            partial.flushed.add(ObjectBuckets.bucketOf(entry.getKey(), 0, partitionCount()), entry.getValue());
        }
        combined.clear();
        partial.memory.reset();
    }

    private Object keyOf(Object element) {
        try {
            return key.key(element);
        } catch (Exception e) {
            throw UserFunctions.failed(reduce, element, e);
        }
    }

    private Object combine(Object accumulated, Object element) {
        Object result;
        try {
            result = function.reduce(accumulated, element);
        } catch (Exception e) {
            throw UserFunctions.failed(reduce, element, e);
        }
        return UserFunctions.checkOutput(reduce, type.javaClass(), result);
    }

    private List<Map<Object, Object>> split(Map<Object, Object> combined) {
        List<Map<Object, Object>> buckets = new ArrayList<>(partitionCount());
        for (int i = 0; i < partitionCount(); i++) {
            buckets.add(new LinkedHashMap<>());
        }
        for (Map.Entry<Object, Object> entry : combined.entrySet()) {
            buckets.get(ObjectBuckets.bucketOf(entry.getKey(), 0, partitionCount())).put(entry.getKey(), entry.getValue());
        }
        return buckets;
    }

    @Override
    public void execute(int partition, BatchSink out) {
        try (Reduction merge = new Reduction(0);
             ElementBatches.Encoding encoding = new ElementBatches.Encoding(this, context, type, out)) {
            for (Partial partial : partials) {
                if (partial.flushed != null) {
                    partial.flushed.forEach(partition, value -> {
                        merge.add(keyOf(value), value);
                        return true;
                    });
                }
                for (Map.Entry<Object, Object> entry : partial.take(partition).entrySet()) {
                    merge.add(entry.getKey(), entry.getValue());
                }
                if (partial.unread != null && partial.unread.decrementAndGet() == 0) {
                    partial.memory.reset();
                }
            }
            merge.finish(encoding);
            encoding.finish();
        }
    }

    /**
     * The merge of one output partition (level 0) or of one of its sub-buckets (deeper levels). The recursion always
     * ends: a key reduces to one value, so a map admits at least one key per level (an empty map takes its first key
     * whatever the budget) and every sub-bucket holds fewer keys than its parent. {@link #MAX_DEPTH} only stops keys
     * whose hash codes collide en masse, or a budget that others hold: then the merge fails naming the setting.
     */
    private final class Reduction implements AutoCloseable {
        private final int level;
        private final Map<Object, Object> values = new LinkedHashMap<>();
        private final ObjectMemory memory = ObjectMemory.forTask(context);
        private ObjectBuckets overflow;

        Reduction(int level) {
            this.level = level;
        }

        void add(Object elementKey, Object value) {
            if (values.containsKey(elementKey)) {
                values.put(elementKey, combine(values.get(elementKey), value));
                return;
            }
            if (overflow == null) {
                long bytes = entryBytes(value);
                if (memory.tryGrow(bytes)) {
                    values.put(elementKey, value);
                    return;
                }
                if (values.isEmpty()) {
                    memory.grow(bytes);
                    values.put(elementKey, value);
                    return;
                }
                if (level >= MAX_DEPTH) {
                    throw new WeftException(ErrorCode.EXCEEDED_MEMORY_LIMIT, ("%s: the keys of one partition still do not fit "
                            + "%d bytes after %d levels of hash splitting (do many keys share a hash code?); raise %s")
                            .formatted(describe(), memory.share(), MAX_DEPTH, MemoryBudget.SETTING));
                }
                overflow = new ObjectBuckets(context, type, ObjectBuckets.FAN_OUT);
            }
            overflow.add(ObjectBuckets.bucketOf(elementKey, level + 1, ObjectBuckets.FAN_OUT), value);
        }

        /** Emits the values in memory, then merges and emits each sub-bucket in turn; false once downstream stops. */
        boolean finish(ElementBatches.Encoding encoding) {
            for (Object value : values.values()) {
                if (!encoding.add(value)) {
                    return false;
                }
            }
            values.clear();
            memory.reset();
            if (overflow == null) {
                return true;
            }
            overflow.finishWriting();
            for (int bucket = 0; bucket < overflow.count(); bucket++) {
                try (Reduction sub = new Reduction(level + 1)) {
                    overflow.forEach(bucket, value -> {
                        sub.add(keyOf(value), value);
                        return true;
                    });
                    if (!sub.finish(encoding)) {
                        return false;
                    }
                }
            }
            return true;
        }

        @Override
        public void close() {
            try {
                memory.close();
            } finally {
                if (overflow != null) {
                    overflow.close();
                }
            }
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        if (partials != null) {
            for (Partial partial : partials) {
                try {
                    partial.close();
                } catch (RuntimeException e) {
                    failure = addTo(failure, e);
                }
            }
        }
        if (sizer != null) {
            try {
                sizer.close();
            } catch (RuntimeException e) {
                failure = addTo(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException addTo(RuntimeException failure, RuntimeException e) {
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }
}
