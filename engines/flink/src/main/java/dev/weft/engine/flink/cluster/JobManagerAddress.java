package dev.weft.engine.flink.cluster;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;

/** A Flink JobManager's REST endpoint as given in {@code weft.flink.jobmanager} ({@code host:port}). */
public record JobManagerAddress(String host, int port) {
    public static final String PROPERTY = "weft.flink.jobmanager";

    public JobManagerAddress {
        requireNonNull(host, "host is null");
        if (host.isBlank() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("invalid JobManager address %s:%d".formatted(host, port));
        }
    }

    /** Parses {@code host:port}; a WeftException(INVALID_CONFIGURATION) says what is wrong and what to write instead. */
    public static JobManagerAddress parse(String value) {
        requireNonNull(value, "value is null");
        String text = value.trim();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw invalid(value, "it is not host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isBlank() || host.contains("/") || host.contains(" ")) {
            throw invalid(value, "the host part is not a host name or address");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(value, "the port is not a number");
        }
        if (port < 1 || port > 65_535) {
            throw invalid(value, "the port is not between 1 and 65535");
        }
        return new JobManagerAddress(host, port);
    }

    private static WeftException invalid(String value, String reason) {
        return new WeftException(ErrorCode.INVALID_CONFIGURATION, ("%s='%s' is invalid: %s; set it to the Flink JobManager's REST "
                + "endpoint, for example localhost:8081, or remove it to run on a MiniCluster in the engine host").formatted(PROPERTY, value, reason));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
