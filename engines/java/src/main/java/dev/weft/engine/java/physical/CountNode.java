package dev.weft.engine.java.physical;

import dev.weft.api.plan.CountOperator;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The number of rows: counted per input partition in parallel (no decoding), summed into one row. */
public final class CountNode extends PhysicalNode {
    private final PhysicalNode input;
    private AtomicLongArray counts;

    public CountNode(ExecutionContext context, CountOperator operator, PhysicalNode input) {
        super(context, operator, operator.schema(), 1, List.of(input));
        this.input = input;
    }

    @Override
    public void prepare() {
        counts = new AtomicLongArray(input.partitionCount());
        context.runTasks(input.partitionCount(), partition -> input.execute(partition, new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                try (batch) {
                    counts.addAndGet(partition, batch.getRowCount());
                }
                return true;
            }

            @Override
            public void finish() {}
        }));
    }

    @Override
    public void execute(int partition, BatchSink out) {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema(), context.allocator());
        try {
            BigIntVector value = (BigIntVector) batch.getVector(0);
            value.allocateNew(1);
            value.set(0, total);
            batch.setRowCount(1);
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
        recordOutput(batch);
        out.accept(batch);
        out.finish();
    }
}
