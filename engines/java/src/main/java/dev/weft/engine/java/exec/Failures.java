package dev.weft.engine.java.exec;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import org.apache.arrow.memory.OutOfMemoryException;

/** Turns what a task threw into the WeftException the caller of the engine sees. */
public final class Failures {
    private Failures() {}

    public static WeftException asWeftException(Throwable failure, String stageId) {
        if (failure instanceof WeftException weft) {
            return weft;
        }
        if (failure instanceof OutOfMemoryException) {
            return new WeftException(ErrorCode.EXCEEDED_MEMORY_LIMIT,
                    "stage '%s' ran out of Arrow memory: %s; raise the allocator limit or lower the parallelism"
                            .formatted(stageId, failure.getMessage()), failure);
        }
        if (failure instanceof OutOfMemoryError) {
            return new WeftException(ErrorCode.EXCEEDED_MEMORY_LIMIT,
                    "stage '%s' ran out of Java heap: %s; raise -Xmx or lower the memory budget".formatted(stageId, failure.getMessage()),
                    failure);
        }
        return new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                "stage '%s' failed in the Java engine: %s".formatted(stageId, failure), failure);
    }

    /**
     * A failure of a stage channel (a reader or writer bound by the driver): a WeftException passes unchanged (the
     * channel names itself, and its code, e.g. CHANNEL_FAILED, is what the driver acts on); anything else becomes
     * CHANNEL_FAILED naming the operator and {@code what} it was doing ("reading partition 3 of channel 'op-7'").
     */
    public static RuntimeException fromChannel(RuntimeException failure, String operatorDescription, String what) {
        if (failure instanceof WeftException || failure instanceof TaskAbortedException) {
            return failure;
        }
        if (failure instanceof OutOfMemoryException) {
            return withOperator(failure, operatorDescription);
        }
        return new WeftException(ErrorCode.CHANNEL_FAILED, "%s: %s failed: %s; check the channel's producer or server and rerun the job"
                .formatted(operatorDescription, what, failure), failure);
    }

    /** The same failure with the operator named in front of its message (a WeftException keeps its code). */
    public static RuntimeException withOperator(RuntimeException failure, String operatorDescription) {
        if (failure instanceof TaskAbortedException) {
            return failure;
        }
        if (failure instanceof WeftException weft) {
            if (weft.getMessage().contains(operatorDescription)) {
                return weft;
            }
            return new WeftException(weft.errorCode(), "%s: %s".formatted(operatorDescription, weft.getMessage()), weft);
        }
        if (failure instanceof OutOfMemoryException) {
            return new WeftException(ErrorCode.EXCEEDED_MEMORY_LIMIT, "%s ran out of Arrow memory: %s"
                    .formatted(operatorDescription, failure.getMessage()), failure);
        }
        return new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s failed: %s".formatted(operatorDescription, failure), failure);
    }
}
