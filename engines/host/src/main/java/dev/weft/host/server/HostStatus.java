package dev.weft.host.server;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the status action reports, as "key=value" lines of UTF-8 text. */
public record HostStatus(String engine, String describe, long pid, List<String> running, long heapUsedBytes, long heapMaxBytes) {
    public HostStatus {
        requireNonNull(engine, "engine is null");
        requireNonNull(describe, "describe is null");
        running = List.copyOf(requireNonNull(running, "running is null"));
    }

    public String toText() {
        return "engine=%s%ndescribe=%s%npid=%d%nrunning=%s%nheapUsedBytes=%d%nheapMaxBytes=%d%n"
                .formatted(engine, describe.replace('\n', ' '), pid, String.join(",", running), heapUsedBytes, heapMaxBytes);
    }

    public static HostStatus parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        String running = values.getOrDefault("running", "");
        return new HostStatus(values.getOrDefault("engine", "?"), values.getOrDefault("describe", "?"),
                parseLong(values.get("pid")), running.isEmpty() ? List.of() : new ArrayList<>(List.of(running.split(","))),
                parseLong(values.get("heapUsedBytes")), parseLong(values.get("heapMaxBytes")));
    }

    private static long parseLong(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
