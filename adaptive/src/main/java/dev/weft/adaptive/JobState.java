package dev.weft.adaptive;

/** The life of a job. SUCCEEDED, FAILED and CANCELLED are final. */
public enum JobState {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isDone() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
