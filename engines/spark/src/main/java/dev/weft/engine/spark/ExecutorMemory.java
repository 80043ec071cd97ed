package dev.weft.engine.spark;

import dev.weft.host.io.RemoteStreams;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Arrow memory of one Spark task: a child of the executor JVM's remote-stream root, closed when the task ends. */
final class ExecutorMemory {
    private static final Logger log = LoggerFactory.getLogger(ExecutorMemory.class);

    private ExecutorMemory() {}

    /**
     * A new allocator for the running task, closed when the task completes or fails. Spark runs completion listeners
     * in reverse order of registration: resources registered later with {@link #onTaskEnd} are closed before it.
     */
    static BufferAllocator forTask(String what) {
        TaskContext task = TaskContext.get();
        String name = task == null ? what : "%s-stage%d-task%d".formatted(what, task.stageId(), task.partitionId());
        BufferAllocator allocator = RemoteStreams.allocator(name);
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> closeQuietly(allocator, name));
        }
        return allocator;
    }

    /** Closes the resource when the running task ends. */
    static void onTaskEnd(AutoCloseable resource, String name) {
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> closeQuietly(resource, name));
        }
    }

    static void closeQuietly(AutoCloseable resource, String name) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            // A failed task may leave batches open; the task's own error is the one to report.
            log.warn("Closing {} of {} failed: {}", resource, name, e.toString());
        }
    }
}
