package dev.weft.engine.java.physical;

import dev.weft.api.function.ReduceFunction;
import dev.weft.api.plan.ReduceOperator;
import dev.weft.api.types.ElementType;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.UserFunctions;
import java.util.List;

/** reduce(lambda): each input partition folds its elements into one, then the partial results are folded in order. */
public final class ReduceNode extends PhysicalNode {
    private static final Object NONE = new Object();

    private final PhysicalNode input;
    private final ReduceOperator reduce;
    private final ReduceFunction<Object> function;
    private final ElementType<Object> type;
    private Object[] partials;

    @SuppressWarnings("unchecked")
    public ReduceNode(ExecutionContext context, ReduceOperator operator, PhysicalNode input) {
        super(context, operator, operator.schema(), 1, List.of(input));
        this.input = input;
        this.reduce = operator;
        this.function = (ReduceFunction<Object>) operator.function().function();
        this.type = (ElementType<Object>) operator.output().elementType();
    }

    @Override
    public void prepare() {
        partials = new Object[input.partitionCount()];
        java.util.Arrays.fill(partials, NONE);
        context.runTasks(input.partitionCount(), partition -> {
            Object[] accumulator = {NONE};
            input.execute(partition, ElementBatches.decoding(type, element -> accumulator[0] = combine(accumulator[0], element),
                    () -> partials[partition] = accumulator[0]));
        });
    }

    private Object combine(Object accumulated, Object element) {
        if (accumulated == NONE) {
            return element;
        }
        Object result;
        try {
            result = function.reduce(accumulated, element);
        } catch (Exception e) {
            throw UserFunctions.failed(reduce, element, e);
        }
        return UserFunctions.checkOutput(reduce, type.javaClass(), result);
    }

    @Override
    public void execute(int partition, BatchSink out) {
        Object result = NONE;
        for (Object partial : partials) {
            if (partial != NONE) {
                result = combine(result, partial);
            }
        }
        try (ElementBatches.Encoding encoding = new ElementBatches.Encoding(this, context, type, out)) {
            if (result != NONE) {
                encoding.add(result);
            }
            encoding.finish();
        }
    }
}
