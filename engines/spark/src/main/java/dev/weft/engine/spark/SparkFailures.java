package dev.weft.engine.spark;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;

/**
 * Spark's errors as Weft's: a task that failed with a WeftException (a user function, a malformed file, a broken
 * channel) reaches the driver as the cause of a SparkException; that WeftException is the stage's error, unchanged.
 */
final class SparkFailures {
    private SparkFailures() {}

    static WeftException toWeft(Throwable failure, String stageKey, boolean cancelled) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof WeftException weft) {
                return weft;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        if (cancelled) {
            return new WeftException(ErrorCode.JOB_CANCELLED, "stage %s was cancelled while it ran on Spark".formatted(stageKey), failure);
        }
        return new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                "Spark failed to run stage %s: %s; see the engine host's log for the executors' side".formatted(stageKey, failure),
                failure);
    }

    /** The error, its message prefixed with the operator's description unless it names it already. */
    static WeftException withOperator(WeftException error, String description) {
        if (error.getMessage() != null && error.getMessage().contains(description)) {
            return error;
        }
        return new WeftException(error.errorCode(), "%s: %s".formatted(description, error.getMessage()), error);
    }
}
