package dev.weft.engine.flink.cluster;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.util.SerializedThrowable;

/** Turns what a failed Flink job throws into the WeftException the driver expects. */
public final class FlinkFailures {
    private FlinkFailures() {
    }

    /** The first WeftException in the cause chain, else a WeftException wrapping the root cause. */
    public static WeftException toWeftException(Throwable failure, String job) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof WeftException weft) {
                return weft;
            }
            if (t instanceof SerializedThrowable serialized) {
                Throwable inner = serialized.deserializeError(Thread.currentThread().getContextClassLoader());
                if (inner != serialized) {
                    WeftException found = firstWeft(inner);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        Throwable root = rootCause(failure);
        if (root instanceof InterruptedException || String.valueOf(root).contains("JobCancellationException")) {
            return new WeftException(ErrorCode.JOB_CANCELLED, "Flink job %s was cancelled".formatted(job), failure);
        }
        if (root instanceof OutOfMemoryError) {
            // a heap OutOfMemoryError ends the host at once (-XX:+ExitOnOutOfMemoryError); this is direct or metaspace memory
            return new WeftException(ErrorCode.EXCEEDED_MEMORY_LIMIT, ("Flink job %s ran out of memory in the engine host: %s; give the host more "
                    + "memory (weft.flink.host.memory, or -XX:MaxDirectMemorySize in weft.flink.host.jvm-options) or lower weft.memory.budget")
                    .formatted(job, root), failure);
        }
        return new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "Flink job %s failed: %s; see the engine host log for the stack trace"
                .formatted(job, root), failure);
    }

    private static WeftException firstWeft(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof WeftException weft) {
                return weft;
            }
        }
        return null;
    }

    public static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        Set<Throwable> seen = new HashSet<>();
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root;
    }
}
