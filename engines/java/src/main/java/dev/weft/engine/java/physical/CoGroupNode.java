package dev.weft.engine.java.physical;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.function.CoGroupFunction;
import dev.weft.api.function.Emitter;
import dev.weft.api.function.KeySelector;
import dev.weft.api.plan.CoGroupOperator;
import dev.weft.api.types.ElementType;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.TaskAbortedException;
import dev.weft.engine.java.exec.UserFunctions;
import dev.weft.kernels.memory.MemoryBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * coGroup on Java objects: both inputs are decoded and grouped by their key lambdas into P output partitions by
 * key hash; each output partition calls the lambda once per key (in order of first appearance, left first).
 *
 * <p>Memory (Grace hash partitioning, as in Flink's hybrid hash table): the estimated heap size of the elements held
 * is charged to the stage's budget ({@link ObjectMemory}). An input task whose elements outgrow its share flushes them,
 * split by output partition, into spillable buckets ({@link ObjectBuckets}, Arrow batches) and starts over; its last
 * elements stay Java objects, so when everything fits nothing is encoded and no file is written. When the groups of an
 * output partition outgrow their share, all of them and the rest of its input are hash-split into
 * {@value ObjectBuckets#FAN_OUT} matching pairs of left and right sub-buckets (another hash seed per level), which are
 * then grouped one pair at a time (keys in order of first appearance within a pair). The lambda sees all elements of a
 * key at once, so a single key whose elements do not fit the share fails with EXCEEDED_MEMORY_LIMIT naming
 * {@value MemoryBudget#SETTING}.
 */
public final class CoGroupNode extends PhysicalNode {
    /** Levels of sub-buckets below an output partition before the grouping gives up. */
    static final int MAX_DEPTH = 8;
    /** Heap bytes of a key's group besides its elements (map entry, group, lists). */
    private static final long GROUP_OVERHEAD = 128;
    /** Heap bytes of a held element besides the element: its key (estimated as large as the element) and references. */
    private static final long ELEMENT_OVERHEAD = 32;

    private final PhysicalNode left;
    private final PhysicalNode right;
    private final CoGroupOperator coGroup;
    private final ElementType<Object> leftType;
    private final ElementType<Object> rightType;
    private final ElementType<Object> outputType;
    private final KeySelector<Object, Object> leftKey;
    private final KeySelector<Object, Object> rightKey;
    private ObjectMemory.ElementSizer leftSizer;
    private ObjectMemory.ElementSizer rightSizer;
    /** Per input task (the left partitions, then the right ones): the keyed elements it left for the output partitions. */
    private List<Grouped> grouped;

    @SuppressWarnings("unchecked")
    public CoGroupNode(ExecutionContext context, CoGroupOperator operator, PhysicalNode left, PhysicalNode right) {
        super(context, operator, operator.schema(), context.parallelism(), List.of(left, right));
        this.left = left;
        this.right = right;
        this.coGroup = operator;
        this.leftType = (ElementType<Object>) operator.left().output().elementType();
        this.rightType = (ElementType<Object>) operator.right().output().elementType();
        this.outputType = (ElementType<Object>) operator.output().elementType();
        this.leftKey = (KeySelector<Object, Object>) operator.leftKey().function();
        this.rightKey = (KeySelector<Object, Object>) operator.rightKey().function();
    }

    /**
     * The elements of one input task: those flushed when its share was full (null if it never was), then the last ones
     * as [output partition] lists of {key, element}, whose memory stays reserved until every output partition read them.
     */
    private static final class Grouped implements AutoCloseable {
        final boolean isLeft;
        final ObjectMemory memory;
        final List<List<Object[]>> held;
        final AtomicInteger unread;
        ObjectBuckets flushed;

        Grouped(boolean isLeft, ObjectMemory memory, int partitions) {
            this.isLeft = isLeft;
            this.memory = memory;
            this.held = new ArrayList<>(partitions);
            for (int i = 0; i < partitions; i++) {
                held.add(new ArrayList<>());
            }
            this.unread = new AtomicInteger(partitions);
        }

        synchronized List<Object[]> take(int partition) {
            List<Object[]> elements = held.get(partition);
            held.set(partition, List.of());
            return elements;
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
        int tasks = left.partitionCount() + right.partitionCount();
        leftSizer = new ObjectMemory.ElementSizer(leftType, context.allocator());
        rightSizer = new ObjectMemory.ElementSizer(rightType, context.allocator());
        grouped = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            grouped.add(new Grouped(i < left.partitionCount(), ObjectMemory.forTask(context), partitionCount()));
        }
        context.runTasks(tasks, task -> {
            Grouped mine = grouped.get(task);
            boolean isLeft = mine.isLeft;
            PhysicalNode side = isLeft ? left : right;
            side.execute(isLeft ? task : task - left.partitionCount(), ElementBatches.decoding(isLeft ? leftType : rightType, element -> {
                Object key = keyOf(isLeft, element);
                long bytes = elementBytes(isLeft, element);
                if (!mine.memory.tryGrow(bytes)) {
                    if (mine.memory.used() > 0) {
                        flush(mine);
                    }
                    if (!mine.memory.tryGrow(bytes)) {
                        mine.memory.grow(bytes);
                    }
                }
                mine.held.get(ObjectBuckets.bucketOf(key, 0, partitionCount())).add(new Object[] {key, element});
            }, () -> {
                if (mine.flushed != null) {
                    mine.flushed.finishWriting();
                }
            }));
        });
    }

    private Object keyOf(boolean isLeft, Object element) {
        try {
            return (isLeft ? leftKey : rightKey).key(element);
        } catch (Exception e) {
            throw UserFunctions.failed(coGroup, element, e);
        }
    }

    private long elementBytes(boolean isLeft, Object element) {
        return 2 * (isLeft ? leftSizer : rightSizer).bytesOf(element) + ELEMENT_OVERHEAD;
    }

    /** Moves the held elements, in order, into the spillable buckets of their output partitions. */
    private void flush(Grouped mine) {
        if (mine.flushed == null) {
            mine.flushed = new ObjectBuckets(context, mine.isLeft ? leftType : rightType, partitionCount());
        }
        for (int partition = 0; partition < mine.held.size(); partition++) {
            List<Object[]> elements = mine.held.get(partition);
            for (Object[] keyed : elements) {
                mine.flushed.add(partition, keyed[1]);
            }
            elements.clear();
        }
        mine.memory.reset();
    }

    /** The elements of both sides with one key. */
    private record Group(List<Object> left, List<Object> right) {}

    @Override
    @SuppressWarnings("unchecked")
    public void execute(int partition, BatchSink out) {
        CoGroupFunction<Object, Object, Object, Object> function = (CoGroupFunction<Object, Object, Object, Object>) coGroup.function().function();
        Class<?> outputClass = outputType.javaClass();
        try (Grouping groups = new Grouping(0);
             ElementBatches.Encoding encoding = new ElementBatches.Encoding(this, context, outputType, out)) {
            for (Grouped task : grouped) {
                boolean isLeft = task.isLeft;
                if (task.flushed != null) {
                    task.flushed.forEach(partition, element -> {
                        groups.add(isLeft, keyOf(isLeft, element), element);
                        return true;
                    });
                }
                for (Object[] keyed : task.take(partition)) {
                    groups.add(isLeft, keyed[0], keyed[1]);
                }
                if (task.unread.decrementAndGet() == 0) {
                    task.memory.reset();
                }
            }
            Emitter<Object> emitter = value -> {
                if (value != null && !outputClass.isInstance(value)) {
                    throw UserFunctions.wrongType(coGroup, outputClass, value);
                }
                encoding.add(value);
            };
            groups.finish(function, emitter);
            encoding.finish();
        }
    }

    /**
     * The groups of one output partition (level 0) or of one pair of its sub-buckets (deeper levels). A level splits
     * only while it holds several keys, and every key lands in one sub-bucket, so a key that alone does not fit fails
     * at once; {@link #MAX_DEPTH} stops keys whose hash codes collide en masse, or a budget that others hold.
     */
    private final class Grouping implements AutoCloseable {
        private final int level;
        private final Map<Object, Group> groups = new LinkedHashMap<>();
        private final ObjectMemory memory = ObjectMemory.forTask(context);
        private ObjectBuckets leftOverflow;
        private ObjectBuckets rightOverflow;

        Grouping(int level) {
            this.level = level;
        }

        void add(boolean isLeft, Object key, Object element) {
            if (leftOverflow == null) {
                Group group = groups.get(key);
                long bytes = elementBytes(isLeft, element) + (group == null ? GROUP_OVERHEAD : 0);
                if (memory.tryGrow(bytes) || admitFirst(bytes)) {
                    if (group == null) {
                        group = new Group(new ArrayList<>(), new ArrayList<>());
                        groups.put(key, group);
                    }
                    (isLeft ? group.left() : group.right()).add(element);
                    return;
                }
                if (groups.size() == 1 && group != null) {
                    throw new WeftException(ErrorCode.EXCEEDED_MEMORY_LIMIT, ("%s: the elements of key %s do not fit the %d "
                            + "bytes a group may hold (coGroup passes all elements of a key at once); raise %s or spread the key")
                            .formatted(describe(), UserFunctions.render(key), memory.share(), MemoryBudget.SETTING));
                }
                if (level >= MAX_DEPTH) {
                    throw new WeftException(ErrorCode.EXCEEDED_MEMORY_LIMIT, ("%s: the keys of one partition still do not fit "
                            + "%d bytes after %d levels of hash splitting (do many keys share a hash code?); raise %s")
                            .formatted(describe(), memory.share(), MAX_DEPTH, MemoryBudget.SETTING));
                }
                split();
            }
            (isLeft ? leftOverflow : rightOverflow).add(ObjectBuckets.bucketOf(key, level + 1, ObjectBuckets.FAN_OUT), element);
        }

        /** An empty table takes its first element whatever the budget, so that every level progresses. */
        private boolean admitFirst(long bytes) {
            if (!groups.isEmpty()) {
                return false;
            }
            memory.grow(bytes);
            return true;
        }

        /** Moves every group, each side in order, into the matching pairs of sub-buckets. */
        private void split() {
            leftOverflow = new ObjectBuckets(context, leftType, ObjectBuckets.FAN_OUT);
            rightOverflow = new ObjectBuckets(context, rightType, ObjectBuckets.FAN_OUT);
            for (Map.Entry<Object, Group> entry : groups.entrySet()) {
                int bucket = ObjectBuckets.bucketOf(entry.getKey(), level + 1, ObjectBuckets.FAN_OUT);
                for (Object element : entry.getValue().left()) {
                    leftOverflow.add(bucket, element);
                }
                for (Object element : entry.getValue().right()) {
                    rightOverflow.add(bucket, element);
                }
            }
            groups.clear();
            memory.reset();
        }

        /** Calls the lambda per group in memory, then groups and does the same for each pair of sub-buckets in turn. */
        void finish(CoGroupFunction<Object, Object, Object, Object> function, Emitter<Object> emitter) {
            for (Map.Entry<Object, Group> group : groups.entrySet()) {
                call(function, group.getKey(), group.getValue(), emitter);
            }
            groups.clear();
            memory.reset();
            if (leftOverflow == null) {
                return;
            }
            leftOverflow.finishWriting();
            rightOverflow.finishWriting();
            for (int bucket = 0; bucket < ObjectBuckets.FAN_OUT; bucket++) {
                try (Grouping sub = new Grouping(level + 1)) {
                    leftOverflow.forEach(bucket, element -> {
                        sub.add(true, keyOf(true, element), element);
                        return true;
                    });
                    rightOverflow.forEach(bucket, element -> {
                        sub.add(false, keyOf(false, element), element);
                        return true;
                    });
                    sub.finish(function, emitter);
                }
            }
        }

        @Override
        public void close() {
            try {
                memory.close();
            } finally {
                if (leftOverflow != null) {
                    leftOverflow.close();
                }
                if (rightOverflow != null) {
                    rightOverflow.close();
                }
            }
        }
    }

    private void call(CoGroupFunction<Object, Object, Object, Object> function, Object key, Group group, Emitter<Object> emitter) {
        try {
            function.coGroup(key, group.left(), group.right(), emitter);
        } catch (RuntimeException e) {
            if (e instanceof WeftException || e instanceof TaskAbortedException) {
                throw e;
            }
            throw UserFunctions.failed(coGroup, "key " + UserFunctions.render(key), e);
        } catch (Exception e) {
            throw UserFunctions.failed(coGroup, "key " + UserFunctions.render(key), e);
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        List<AutoCloseable> owned = new ArrayList<>();
        if (grouped != null) {
            owned.addAll(grouped);
        }
        if (leftSizer != null) {
            owned.add(leftSizer);
        }
        if (rightSizer != null) {
            owned.add(rightSizer);
        }
        for (AutoCloseable closeable : owned) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
