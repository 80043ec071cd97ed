package dev.weft.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.api.Pipeline;
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
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs a pipeline as one stage on an engine and compares answers as rows of values, for engine tests outside the
 * suite (TPC-H on clusters, cancellation, host errors, benchmarks' checks).
 */
public final class EngineRuns {
    private EngineRuns() {
    }

    /** The rows the pipeline's collect sink received, in order (the plan runs as one stage, cancelled when {@code cancelled} says). */
    public static List<Object[]> rows(Engine engine, Pipeline pipeline, BufferAllocator parent, ExecutionSettings settings, BooleanSupplier cancelled) {
        List<Object[]> rows = new ArrayList<>();
        try (BufferAllocator allocator = parent.newChildAllocator("stage", 0, Long.MAX_VALUE)) {
            engine.execute(new Stage("s1", pipeline.plan().sinks()), new CollectingContext(allocator, settings, rows, cancelled));
        }
        return rows;
    }

    public static List<Object[]> rows(Engine engine, Pipeline pipeline, BufferAllocator parent, ExecutionSettings settings) {
        return rows(engine, pipeline, parent, settings, () -> false);
    }

    /** A one-stage context whose collect sinks append decoded rows to a list. */
    private record CollectingContext(BufferAllocator allocator, ExecutionSettings settings, List<Object[]> rows, BooleanSupplier cancelled)
            implements StageContext {
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
            throw new UnsupportedOperationException("a one-stage run has no stage inputs");
        }

        @Override
        public StageOutput output(StageOutputSink sink) {
            throw new UnsupportedOperationException("a one-stage run has no stage outputs");
        }

        @Override
        public OperatorMetrics metrics(LogicalOperator operator) {
            return OperatorMetrics.NONE;
        }

        @Override
        public boolean isCancelled() {
            return cancelled.getAsBoolean();
        }
    }

    /** Same rows in the same order; doubles equal to 1e-9 relative (sums may be added in another order). */
    public static void assertSameRows(List<Object[]> actual, List<Object[]> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Object[] a = actual.get(i);
            Object[] e = expected.get(i);
            assertThat(a).as("row %d: %s vs %s", i, Arrays.toString(a), Arrays.toString(e)).hasSameSizeAs(e);
            for (int c = 0; c < e.length; c++) {
                if (e[c] instanceof Double d && a[c] instanceof Double x) {
                    assertThat(x).as("row %d column %d", i, c).isCloseTo(d, within(Math.max(1e-9, Math.abs(d) * 1e-9)));
                } else {
                    assertThat(a[c]).as("row %d column %d", i, c).isEqualTo(e[c]);
                }
            }
        }
    }
}
