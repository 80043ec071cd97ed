package dev.weft.engine.java.physical;

import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Hands the batches a reader produces (through a callback) to the pipeline above a source: checks for cancellation,
 * shapes and counts each batch, and stops the reader by throwing when the pipeline wants no more. Tells a failure
 * of the reader (reported with the source named) from one of the pipeline (passed on unchanged).
 */
final class SourceRelay implements Consumer<VectorSchemaRoot> {
    private final PhysicalNode source;
    private final ExecutionContext context;
    private final BatchSink out;
    private RuntimeException downstreamFailure;

    SourceRelay(PhysicalNode source, ExecutionContext context, BatchSink out) {
        this.source = source;
        this.context = context;
        this.out = out;
    }

    @Override
    public void accept(VectorSchemaRoot batch) {
        boolean more;
        try {
            context.checkCancelled();
            VectorSchemaRoot shaped = BatchShapes.conform(batch, source.schema(), context.allocator());
            batch = null;
            if (shaped.getRowCount() == 0) {
                shaped.close();
                return;
            }
            source.recordOutput(shaped);
            more = out.accept(shaped);
        } catch (RuntimeException e) {
            if (batch != null) {
                batch.close();
            }
            downstreamFailure = e;
            throw e;
        }
        if (!more) {
            downstreamFailure = StopReading.INSTANCE;
            throw StopReading.INSTANCE;
        }
    }

    /** Runs a reader that feeds this relay; then finishes the partition. */
    void run(Runnable reader) {
        try {
            reader.run();
        } catch (RuntimeException e) {
            if (downstreamFailure != null && causedBy(e, downstreamFailure)) {
                if (downstreamFailure != StopReading.INSTANCE) {
                    throw downstreamFailure;
                }
            } else {
                throw Failures.withOperator(e, source.describe());
            }
        }
        out.finish();
    }

    private static boolean causedBy(Throwable failure, Throwable cause) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t == cause) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Thrown through a reader to stop it early. */
    static final class StopReading extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final StopReading INSTANCE = new StopReading();

        private StopReading() {
            super("the pipeline needs no more input", null, false, false);
        }
    }
}
