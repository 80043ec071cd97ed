package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Where a database is and how to log in: a JDBC URL, a user, and where the password comes from (an environment
 * variable or a file, read when a connection opens; never a literal, so a plan, a log line or an explain output never
 * holds it), plus driver properties. {@link #toString} shows no secret.
 */
public record JdbcDataSource(String url, String user, PasswordSource passwordSource, String passwordRef, Map<String, String> properties)
        implements Serializable {

    /** Where the password is read from when a connection opens. */
    public enum PasswordSource { NONE, ENV, FILE }

    public JdbcDataSource {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(passwordSource, "passwordSource is null");
        requireNonNull(passwordRef, "passwordRef is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("JDBC URL '%s' must start with 'jdbc:' (for example jdbc:postgresql://host:5432/db)".formatted(redact(url)));
        }
        if (properties.containsKey("password")) {
            throw new IllegalArgumentException("a JDBC password may not be passed as a property: use passwordFromEnv or passwordFromFile");
        }
        if (passwordSource != PasswordSource.NONE && passwordRef.isBlank()) {
            throw new IllegalArgumentException("the password %s name is blank".formatted(passwordSource == PasswordSource.ENV ? "environment variable" : "file"));
        }
    }

    /** A data source without a user or password (a URL that carries what the driver needs, or trust authentication). */
    public static JdbcDataSource of(String url) {
        return new JdbcDataSource(url, "", PasswordSource.NONE, "", Map.of());
    }

    public JdbcDataSource withUser(String newUser) {
        return new JdbcDataSource(url, newUser, passwordSource, passwordRef, properties);
    }

    /** The password is the value of this environment variable, read at connect time. */
    public JdbcDataSource passwordFromEnv(String variable) {
        return new JdbcDataSource(url, user, PasswordSource.ENV, variable, properties);
    }

    /** The password is the first line of this file, read at connect time. */
    public JdbcDataSource passwordFromFile(Path file) {
        return new JdbcDataSource(url, user, PasswordSource.FILE, file.toString(), properties);
    }

    public JdbcDataSource withProperty(String key, String value) {
        Map<String, String> copy = new TreeMap<>(properties);
        copy.put(key, value);
        return new JdbcDataSource(url, user, passwordSource, passwordRef, copy);
    }

    /**
     * The password, read now from its environment variable or file ({@code environment} is usually {@code System::getenv});
     * empty when none is configured. Throws IllegalStateException naming the variable or file when it cannot be read.
     */
    public Optional<String> password(Function<String, String> environment) {
        switch (passwordSource) {
            case NONE:
                return Optional.empty();
            case ENV: {
                String value = environment.apply(passwordRef);
                if (value == null) {
                    throw new IllegalStateException("the database password environment variable %s is not set; set it, or configure passwordFromFile"
                            .formatted(passwordRef));
                }
                return Optional.of(value);
            }
            default:
                try {
                    String text = Files.readString(Path.of(passwordRef), StandardCharsets.UTF_8);
                    int end = text.indexOf('\n');
                    return Optional.of((end < 0 ? text : text.substring(0, end)).strip());
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read the database password file %s: %s".formatted(passwordRef, e.getMessage()), e);
                }
        }
    }

    /** The URL with any {@code password=...} parameter masked, for messages. */
    public String redactedUrl() {
        return redact(url);
    }

    private static String redact(String text) {
        return text.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        String password = switch (passwordSource) {
            case NONE -> "";
            case ENV -> ", password from env " + passwordRef;
            case FILE -> ", password from file " + passwordRef;
        };
        return "JdbcDataSource[" + redactedUrl() + (user.isEmpty() ? "" : ", user " + user) + password + "]";
    }
}
