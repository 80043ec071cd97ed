package dev.weft.engine.java.physical;

import dev.weft.api.function.SinkFunction;
import dev.weft.api.plan.CallbackSink;
import dev.weft.api.types.ElementType;
import dev.weft.channels.RowDecoder;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.UserFunctions;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Calls the user's function for every element, from every partition's thread (the function is thread-safe). */
public final class CallbackSinkNode extends SinkNode {
    private final CallbackSink sink;
    private final SinkFunction<Object> function;
    private final ElementType<Object> type;

    @SuppressWarnings("unchecked")
    public CallbackSinkNode(ExecutionContext context, CallbackSink operator, PhysicalNode input) {
        super(context, operator, input);
        this.sink = operator;
        this.function = (SinkFunction<Object>) operator.function().function();
        this.type = (ElementType<Object>) operator.output().elementType();
    }

    @Override
    public void prepare() {
        context.runTasks(input.partitionCount(), partition -> {
            RowDecoder<Object> decoder = RowDecoder.create(type);
            input.execute(partition, new BatchSink() {
                @Override
                public boolean accept(VectorSchemaRoot batch) {
                    long start = System.nanoTime();
                    try (batch) {
                        decoder.bind(batch);
                        int rows = batch.getRowCount();
                        for (int row = 0; row < rows; row++) {
                            Object element = decoder.get(row);
                            try {
                                function.accept(element);
                            } catch (Exception e) {
                                throw UserFunctions.failed(sink, element, e);
                            }
                        }
                        metrics.addRows(rows);
                    }
                    metrics.addNanos(System.nanoTime() - start);
                    return true;
                }

                @Override
                public void finish() {}
            });
        });
    }
}
