package dev.weft.engine.spark;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Spark runs, from {@code weft.spark.master}: {@code local[N]} (the default, N = the stage parallelism) or a
 * standalone cluster {@code spark://host:port}. Checked before the SparkContext starts, so a typo or an unreachable
 * master is a clear {@link ErrorCode#INVALID_CONFIGURATION} error instead of a SparkContext that waits for workers.
 */
public record SparkMaster(String url, boolean local, Optional<String> host, int port) {
    public static final String PROPERTY = "weft.spark.master";
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,\\s*[1-9][0-9]*)?])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://([^:/\\s]+):([0-9]{1,5})");

    public SparkMaster {
        Objects.requireNonNull(url, "url is null");
        Objects.requireNonNull(host, "host is null");
    }

    /** The master of the property's value, or {@code local[parallelism]} if it is not set. */
    public static SparkMaster parse(Optional<String> value, int parallelism) {
        String url = value.map(String::trim).filter(v -> !v.isEmpty()).orElse("local[%d]".formatted(parallelism));
        if (LOCAL.matcher(url).matches()) {
            return new SparkMaster(url, true, Optional.empty(), -1);
        }
        Matcher standalone = STANDALONE.matcher(url);
        if (standalone.matches()) {
            int port = Integer.parseInt(standalone.group(2));
            if (port < 1 || port > 65535) {
                throw invalid(url, "port %d is out of range".formatted(port));
            }
            return new SparkMaster(url, false, Optional.of(standalone.group(1)), port);
        }
        String hint = url.toLowerCase(Locale.ROOT).startsWith("yarn") || url.startsWith("k8s://") || url.startsWith("mesos://")
                ? "only local[N] and standalone spark://host:port masters are supported"
                : "expected local, local[N], local[*] or spark://host:port";
        throw invalid(url, hint);
    }

    /** Fails fast, within {@code timeoutMillis}, if nothing listens at a standalone master's address. */
    public void checkReachable(int timeoutMillis) {
        if (local) {
            return;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host.orElseThrow(), port), timeoutMillis);
        } catch (java.io.IOException e) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION,
                    ("Spark master %s is not reachable (%s); start the standalone master (sbin/start-master.sh) or fix %s")
                            .formatted(url, e.getMessage(), PROPERTY), e);
        }
    }

    private static WeftException invalid(String url, String hint) {
        return new WeftException(ErrorCode.INVALID_CONFIGURATION,
                "%s='%s' is not a Spark master URL: %s".formatted(PROPERTY, url, hint));
    }

    @Override
    public String toString() {
        return url;
    }
}
