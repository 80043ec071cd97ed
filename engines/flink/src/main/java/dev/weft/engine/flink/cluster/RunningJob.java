package dev.weft.engine.flink.cluster;

import java.util.Map;

/** A submitted Flink job. */
public interface RunningJob {
    String id();

    /**
     * Waits for the end of the job and returns its accumulators; throws the job's failure (its root cause as
     * deserialized with the user class loader) if it failed or was cancelled.
     */
    Map<String, Object> await() throws Exception;

    /** Best effort, from any thread. */
    void cancel();
}
