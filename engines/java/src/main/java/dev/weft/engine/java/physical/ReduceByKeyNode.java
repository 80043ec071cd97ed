package dev.weft.engine.java.physical;

import dev.weft.api.function.KeySelector;
import dev.weft.api.function.ReduceFunction;
import dev.weft.api.plan.ReduceByKeyOperator;
import dev.weft.api.types.ElementType;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.KeyPartitioner;
import dev.weft.engine.java.exec.UserFunctions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * reduceByKey on Java objects: each input partition combines its elements per key in a hash map (map-side
 * combine); the partial maps are split by key into P output partitions, each merging its share in input order.
 */
public final class ReduceByKeyNode extends PhysicalNode {
    private final PhysicalNode input;
    private final ReduceByKeyOperator reduce;
    private final KeySelector<Object, Object> key;
    private final ReduceFunction<Object> function;
    private final ElementType<Object> type;
    /** [input partition][output partition] partial results per key. */
    private List<List<Map<Object, Object>>> partials;

    @SuppressWarnings("unchecked")
    public ReduceByKeyNode(ExecutionContext context, ReduceByKeyOperator operator, PhysicalNode input) {
        super(context, operator, operator.schema(), context.parallelism(), List.of(input));
        this.input = input;
        this.reduce = operator;
        this.key = (KeySelector<Object, Object>) operator.key().function();
        this.function = (ReduceFunction<Object>) operator.reducer().function();
        this.type = (ElementType<Object>) operator.output().elementType();
    }

    @Override
    public void prepare() {
        int inputs = input.partitionCount();
        partials = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            partials.add(null);
        }
        context.runTasks(inputs, partition -> {
            Map<Object, Object> combined = new LinkedHashMap<>();
            input.execute(partition, ElementBatches.decoding(type, element -> {
                Object elementKey = keyOf(element);
                combined.put(elementKey, combined.containsKey(elementKey) ? combine(combined.get(elementKey), element) : element);
            }, () -> partials.set(partition, split(combined))));
        });
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
            buckets.get(KeyPartitioner.partitionOf(entry.getKey(), partitionCount())).put(entry.getKey(), entry.getValue());
        }
        return buckets;
    }

    @Override
    public void execute(int partition, BatchSink out) {
        Map<Object, Object> merged = new LinkedHashMap<>();
        for (List<Map<Object, Object>> partial : partials) {
            if (partial == null) {
                continue;
            }
            for (Map.Entry<Object, Object> entry : partial.get(partition).entrySet()) {
                Object k = entry.getKey();
                merged.put(k, merged.containsKey(k) ? combine(merged.get(k), entry.getValue()) : entry.getValue());
            }
        }
        try (ElementBatches.Encoding encoding = new ElementBatches.Encoding(this, context, type, out)) {
            for (Object value : merged.values()) {
                if (!encoding.add(value)) {
                    break;
                }
            }
            encoding.finish();
        }
    }
}
