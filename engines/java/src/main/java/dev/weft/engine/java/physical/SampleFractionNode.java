package dev.weft.engine.java.physical;

import dev.weft.api.plan.SampleOperator;
import dev.weft.channels.Batches;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A Bernoulli sample: each row kept with the given probability, by a random generator seeded per partition. */
public final class SampleFractionNode extends PhysicalNode {
    private final PhysicalNode input;
    private final double fraction;
    private final long seed;

    public SampleFractionNode(ExecutionContext context, SampleOperator operator, PhysicalNode input) {
        super(context, operator, input.schema(), input.partitionCount(), List.of(input));
        this.input = input;
        this.fraction = operator.spec().fraction().orElseThrow();
        this.seed = operator.spec().seed();
    }

    @Override
    public void execute(int partition, BatchSink out) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + partition);
        input.execute(partition, new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                VectorSchemaRoot sample;
                try (batch) {
                    int rows = batch.getRowCount();
                    int[] kept = new int[rows];
                    int count = 0;
                    for (int row = 0; row < rows; row++) {
                        if (random.nextDouble() < fraction) {
                            kept[count++] = row;
                        }
                    }
                    if (count == 0) {
                        return true;
                    }
                    sample = Batches.copyRows(batch, kept, count, context.allocator());
                }
                recordOutput(sample);
                return out.accept(sample);
            }

            @Override
            public void finish() {
                out.finish();
            }
        });
    }
}
