package dev.weft.conformance;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where forEach sinks of the conformance pipelines put what they see. The sink lambda captures only a String key,
 * so it stays serializable for engines that ship lambdas; the elements land in this JVM-wide, thread-safe registry.
 */
public final class ForEachRecorder {
    private static final Map<String, ConcurrentLinkedQueue<Object>> RECORDED = new ConcurrentHashMap<>();

    private ForEachRecorder() {}

    /** A new key to record under. */
    public static String newKey() {
        String key = UUID.randomUUID().toString();
        RECORDED.put(key, new ConcurrentLinkedQueue<>());
        return key;
    }

    public static void record(String key, Object element) {
        RECORDED.get(key).add(element == null ? NullElement.INSTANCE : element);
    }

    /** What was recorded under the key (NULL elements as null), forgetting it. */
    @SuppressWarnings("unchecked")
    public static <T> List<T> take(String key) {
        ConcurrentLinkedQueue<Object> elements = RECORDED.remove(key);
        return elements.stream().map(e -> e == NullElement.INSTANCE ? null : (T) e).toList();
    }

    private enum NullElement {
        INSTANCE
    }
}
