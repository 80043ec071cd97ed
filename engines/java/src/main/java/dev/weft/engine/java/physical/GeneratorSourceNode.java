package dev.weft.engine.java.physical;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.GeneratorSource;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Longs 0..count-1, partition i holding the i-th contiguous range; with a rate, each partition produces its share
 * of it in small batches, sleeping between them.
 */
public final class GeneratorSourceNode extends PhysicalNode {
    private final long count;
    private final long ratePerSecond;

    public GeneratorSourceNode(ExecutionContext context, GeneratorSource operator) {
        super(context, operator, operator.schema(), context.parallelism(), List.of());
        this.count = operator.count().orElseThrow(() -> new WeftException(ErrorCode.UNSUPPORTED_OPERATION,
                "%s: the Java engine runs bounded datasets in this version; give the generator a count".formatted(describe())));
        this.ratePerSecond = operator.ratePerSecond();
    }

    @Override
    public void execute(int partition, BatchSink out) {
        long from = count * partition / partitionCount();
        long to = count * (partition + 1) / partitionCount();
        double partitionRate = ratePerSecond / (double) partitionCount();
        int batchSize = ratePerSecond > 0
                ? (int) Math.max(1, Math.min(context.batchSize(), partitionRate / 10))
                : context.batchSize();
        long startNanos = System.nanoTime();
        boolean more = true;
        for (long next = from; next < to && more; ) {
            context.checkCancelled();
            if (ratePerSecond > 0) {
                pace(startNanos, next - from, partitionRate);
            }
            int rows = (int) Math.min(batchSize, to - next);
            VectorSchemaRoot batch = VectorSchemaRoot.create(schema(), context.allocator());
            try {
                BigIntVector values = (BigIntVector) batch.getVector(0);
                values.allocateNew(rows);
                for (int i = 0; i < rows; i++) {
                    values.set(i, next + i);
                }
                batch.setRowCount(rows);
            } catch (RuntimeException e) {
                batch.close();
                throw e;
            }
            next += rows;
            recordOutput(batch);
            more = out.accept(batch);
        }
        out.finish();
    }

    /** Sleeps until {@code produced} values are due at the partition's rate, checking for cancellation. */
    private void pace(long startNanos, long produced, double partitionRate) {
        long dueNanos = startNanos + (long) (produced / partitionRate * TimeUnit.SECONDS.toNanos(1));
        long waitNanos;
        while ((waitNanos = dueNanos - System.nanoTime()) > 0) {
            context.checkCancelled();
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(50)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WeftException(ErrorCode.JOB_CANCELLED, "%s was interrupted".formatted(describe()));
            }
        }
    }
}
