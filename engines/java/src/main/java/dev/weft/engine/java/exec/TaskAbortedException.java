package dev.weft.engine.java.exec;

/**
 * Thrown inside a task that stops because another task of the stage already failed; never reported to the caller,
 * which sees the first failure instead.
 */
public final class TaskAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskAbortedException() {
        super("stopped because another task of the stage failed", null, false, false);
    }
}
