package dev.weft.engine.spark;

import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.api.spi.Stage;
import dev.weft.api.spi.StageContext;
import dev.weft.api.spi.StageInput;
import dev.weft.api.spi.StageOutput;
import dev.weft.kernels.rows.RowBatches;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Runs a pipeline's plan as one stage on an engine and returns the rows its collect sink received, in order. */
final class EngineRuns {
    private EngineRuns() {}

    static List<Object[]> rows(Engine engine, dev.weft.api.Pipeline pipeline, BufferAllocator parent, ExecutionSettings settings) {
        return rows(engine, pipeline, parent, settings, () -> false);
    }

    /** As {@link #rows(Engine, dev.weft.api.Pipeline, BufferAllocator, ExecutionSettings)}, cancelled when {@code cancelled} says so. */
    static List<Object[]> rows(Engine engine, dev.weft.api.Pipeline pipeline, BufferAllocator parent, ExecutionSettings settings,
                               java.util.function.BooleanSupplier cancelled) {
        List<Object[]> rows = new ArrayList<>();
        try (BufferAllocator allocator = parent.newChildAllocator("stage", 0, Long.MAX_VALUE)) {
            StageContext context = new StageContext() {
                @Override
                public BufferAllocator allocator() {
                    return allocator;
                }

                @Override
                public ExecutionSettings settings() {
                    return settings;
                }

                @Override
                public BatchWriter collectWriter(CollectSink sink) {
                    return batch -> {
                        try (VectorSchemaRoot owned = batch) {
                            synchronized (rows) {
                                rows.addAll(RowBatches.rows(owned));
                            }
                        }
                    };
                }

                @Override
                public StageInput input(StageInputSource source) {
                    throw new UnsupportedOperationException("one-stage runs have no stage inputs");
                }

                @Override
                public StageOutput output(StageOutputSink sink) {
                    throw new UnsupportedOperationException("one-stage runs have no stage outputs");
                }

                @Override
                public OperatorMetrics metrics(LogicalOperator operator) {
                    return OperatorMetrics.NONE;
                }

                @Override
                public boolean isCancelled() {
                    return cancelled.getAsBoolean();
                }
            };
            engine.execute(new Stage("s1", pipeline.plan().sinks()), context);
        }
        return rows;
    }
}
