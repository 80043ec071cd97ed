package dev.weft.host.driver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The last lines a host printed (a ring buffer), for error messages. Thread-safe. */
final class LogTail {
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    LogTail(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    /** The host's output ended (it exited): no more lines will come. */
    void end() {
        ended.countDown();
    }

    /**
     * Waits up to {@code millis} for the end of the output: a host that just died may still have lines in the pipe
     * (the JVM's "Terminating due to java.lang.OutOfMemoryError" is its last), which an error message must show.
     */
    void awaitEnd(long millis) {
        try {
            ended.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized List<String> last(int count) {
        List<String> all = new ArrayList<>(lines);
        return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
    }

    /** The last lines, indented, one per line, for a message. */
    String render(int count) {
        List<String> last = last(count);
        if (last.isEmpty()) {
            return "  (the host printed nothing)";
        }
        StringBuilder text = new StringBuilder();
        for (String line : last) {
            if (!text.isEmpty()) {
                text.append(System.lineSeparator());
            }
            text.append("  | ").append(line);
        }
        return text.toString();
    }
}
