package dev.weft.host.driver;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where a hosted engine would run, without starting anything (for {@code weft engines}): a local host JVM (its java,
 * heap and classpath size) or a remote host ({@code weft.<engine>.host}); {@code problems} lists what would stop it
 * from starting (a missing java or classpath entry), empty when none is seen.
 */
public record HostInfo(String engine, boolean remote, String location, String java, String memory, int classpathEntries,
                       List<String> problems) {
    public HostInfo {
        requireNonNull(engine, "engine is null");
        requireNonNull(location, "location is null");
        requireNonNull(java, "java is null");
        requireNonNull(memory, "memory is null");
        problems = List.copyOf(requireNonNull(problems, "problems is null"));
    }

    /** One line: "local host JVM (java /usr/bin/java, -Xmx2g, 312 classpath entries)" or "remote host grpc+tcp://h:p". */
    public String describe() {
        String where = remote ? "remote host %s".formatted(location)
                : "local host JVM (java %s, -Xmx%s, %d classpath entries)".formatted(java, memory, classpathEntries);
        return problems.isEmpty() ? where : "%s; problems: %s".formatted(where, String.join("; ", problems));
    }
}
