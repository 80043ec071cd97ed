package dev.weft.api;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The name of an engine, for pinning work to it: {@code dataset.on(Engine.SPARK)} or {@code pipeline.on(Engine.JAVA)}.
 * Engines are plugins, so any name an engine module declares works through {@link #named}.
 */
public record Engine(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    public static final Engine JAVA = new Engine("java");
    public static final Engine SPARK = new Engine("spark");
    public static final Engine FLINK = new Engine("flink");
    public static final Engine JDBC = new Engine("jdbc");
    public static final Engine KAFKA = new Engine("kafka");

    public Engine {
        requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "engine name '%s' is invalid: use lower-case letters, digits and '-', e.g. java, spark".formatted(name));
        }
    }

    public static Engine named(String name) {
        return new Engine(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
