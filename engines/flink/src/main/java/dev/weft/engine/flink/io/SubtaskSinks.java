package dev.weft.engine.flink.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.spi.ConnectorSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The connector sinks open in this task manager JVM, by job and subtask index: what
 * {@link dev.weft.api.spi.ConnectorContext#awaitDurable()} of a connector source flushes (the sinks of the same job with
 * the same subtask index; see {@link TaskConnectorContext} for what that does and does not cover).
 */
final class SubtaskSinks {
    private static final Map<String, List<ConnectorSink>> OPEN = new ConcurrentHashMap<>();

    private SubtaskSinks() {}

    static void register(String job, int subtask, ConnectorSink sink) {
        requireNonNull(sink, "sink is null");
        OPEN.computeIfAbsent(key(job, subtask), key -> new CopyOnWriteArrayList<>()).add(sink);
    }

    static void unregister(String job, int subtask, ConnectorSink sink) {
        OPEN.computeIfPresent(key(job, subtask), (key, sinks) -> {
            sinks.remove(sink);
            return sinks.isEmpty() ? null : sinks;
        });
    }

    /** Flushes every sink of the job's subtask open now; throws the first sink's failure. */
    static void flush(String job, int subtask) {
        List<ConnectorSink> sinks = OPEN.get(key(job, subtask));
        if (sinks != null) {
            for (ConnectorSink sink : sinks) {
                sink.flush();
            }
        }
    }

    private static String key(String job, int subtask) {
        return job + "/" + subtask;
    }
}
