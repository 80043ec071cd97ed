package dev.weft.engine.java.physical;

import dev.weft.api.WeftException;
import dev.weft.api.function.CoGroupFunction;
import dev.weft.api.function.Emitter;
import dev.weft.api.function.KeySelector;
import dev.weft.api.plan.CoGroupOperator;
import dev.weft.api.types.ElementType;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.KeyPartitioner;
import dev.weft.engine.java.exec.TaskAbortedException;
import dev.weft.engine.java.exec.UserFunctions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * coGroup on Java objects: both inputs are decoded and grouped by their key lambdas into P output partitions by
 * key hash; each output partition calls the lambda once per key (in order of first appearance, left first).
 */
public final class CoGroupNode extends PhysicalNode {
    private final PhysicalNode left;
    private final PhysicalNode right;
    private final CoGroupOperator coGroup;
    private final ElementType<Object> leftType;
    private final ElementType<Object> rightType;
    private final ElementType<Object> outputType;
    /** [input task][output partition]: keyed elements; tasks are the left partitions, then the right ones. */
    private List<List<List<Object[]>>> grouped;

    @SuppressWarnings("unchecked")
    public CoGroupNode(ExecutionContext context, CoGroupOperator operator, PhysicalNode left, PhysicalNode right) {
        super(context, operator, operator.schema(), context.parallelism(), List.of(left, right));
        this.left = left;
        this.right = right;
        this.coGroup = operator;
        this.leftType = (ElementType<Object>) operator.left().output().elementType();
        this.rightType = (ElementType<Object>) operator.right().output().elementType();
        this.outputType = (ElementType<Object>) operator.output().elementType();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void prepare() {
        int tasks = left.partitionCount() + right.partitionCount();
        grouped = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            List<List<Object[]>> buckets = new ArrayList<>(partitionCount());
            for (int b = 0; b < partitionCount(); b++) {
                buckets.add(new ArrayList<>());
            }
            grouped.add(buckets);
        }
        KeySelector<Object, Object> leftKey = (KeySelector<Object, Object>) coGroup.leftKey().function();
        KeySelector<Object, Object> rightKey = (KeySelector<Object, Object>) coGroup.rightKey().function();
        context.runTasks(tasks, task -> {
            boolean isLeft = task < left.partitionCount();
            PhysicalNode side = isLeft ? left : right;
            KeySelector<Object, Object> selector = isLeft ? leftKey : rightKey;
            List<List<Object[]>> buckets = grouped.get(task);
            side.execute(isLeft ? task : task - left.partitionCount(), ElementBatches.decoding(isLeft ? leftType : rightType, element -> {
                Object key;
                try {
                    key = selector.key(element);
                } catch (Exception e) {
                    throw UserFunctions.failed(coGroup, element, e);
                }
                buckets.get(KeyPartitioner.partitionOf(key, partitionCount())).add(new Object[] {key, element});
            }, () -> {}));
        });
    }

    /** The elements of both sides with one key. */
    private record Group(List<Object> left, List<Object> right) {}

    @Override
    @SuppressWarnings("unchecked")
    public void execute(int partition, BatchSink out) {
        Map<Object, Group> groups = new LinkedHashMap<>();
        for (int task = 0; task < grouped.size(); task++) {
            boolean isLeft = task < left.partitionCount();
            for (Object[] keyed : grouped.get(task).get(partition)) {
                Group group = groups.computeIfAbsent(keyed[0], k -> new Group(new ArrayList<>(), new ArrayList<>()));
                (isLeft ? group.left() : group.right()).add(keyed[1]);
            }
            grouped.get(task).set(partition, List.of());
        }
        CoGroupFunction<Object, Object, Object, Object> function = (CoGroupFunction<Object, Object, Object, Object>) coGroup.function().function();
        Class<?> outputClass = outputType.javaClass();
        try (ElementBatches.Encoding encoding = new ElementBatches.Encoding(this, context, outputType, out)) {
            Emitter<Object> emitter = value -> {
                if (value != null && !outputClass.isInstance(value)) {
                    throw UserFunctions.wrongType(coGroup, outputClass, value);
                }
                encoding.add(value);
            };
            for (Map.Entry<Object, Group> group : groups.entrySet()) {
                try {
                    function.coGroup(group.getKey(), group.getValue().left(), group.getValue().right(), emitter);
                } catch (RuntimeException e) {
                    if (e instanceof WeftException || e instanceof TaskAbortedException) {
                        throw e;
                    }
                    throw UserFunctions.failed(coGroup, "key " + UserFunctions.render(group.getKey()), e);
                } catch (Exception e) {
                    throw UserFunctions.failed(coGroup, "key " + UserFunctions.render(group.getKey()), e);
                }
            }
            encoding.finish();
        }
    }
}
