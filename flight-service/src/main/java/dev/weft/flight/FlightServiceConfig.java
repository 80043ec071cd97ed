package dev.weft.flight;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * How a {@link WeftFlightServer} runs: where it listens, how much memory its store may hold, where it spills,
 * which bearer tokens it accepts (empty = no authentication) and its TLS certificate (both files or neither).
 * The tokens never appear in {@link #toString()}.
 */
public record FlightServiceConfig(
        String host,
        int port,
        long memoryBudgetBytes,
        Optional<Path> spillDirectory,
        Set<String> tokens,
        Optional<Path> certificateChain,
        Optional<Path> privateKey) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final long DEFAULT_MEMORY_BUDGET_BYTES = 512L * 1024 * 1024;

    public FlightServiceConfig {
        requireNonNull(host, "host is null");
        requireNonNull(spillDirectory, "spillDirectory is null");
        requireNonNull(tokens, "tokens is null");
        requireNonNull(certificateChain, "certificateChain is null");
        requireNonNull(privateKey, "privateKey is null");
        if (host.isBlank()) {
            throw invalid("the host is blank: give a host name or address to listen on, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65_535) {
            throw invalid("port %d is outside 0..65535: give a free port, or 0 for an ephemeral one".formatted(port));
        }
        if (memoryBudgetBytes <= 0) {
            throw invalid("the memory budget must be positive, got %d bytes: give e.g. 512 MiB".formatted(memoryBudgetBytes));
        }
        for (String token : tokens) {
            requireNonNull(token, "token is null");
            if (token.isBlank() || !token.strip().equals(token)) {
                // Never echo the token itself.
                throw invalid("a bearer token is blank or has leading/trailing whitespace: give tokens without spaces around them");
            }
        }
        if (certificateChain.isPresent() != privateKey.isPresent()) {
            throw invalid("TLS needs both a certificate chain and a private key (PEM files), got only the %s"
                    .formatted(certificateChain.isPresent() ? "certificate chain" : "private key"));
        }
        tokens = Set.copyOf(tokens);
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean authenticationEnabled() {
        return !tokens.isEmpty();
    }

    public boolean tlsEnabled() {
        return certificateChain.isPresent();
    }

    @Override
    public String toString() {
        return "FlightServiceConfig[host=%s, port=%d, memoryBudgetBytes=%d, spillDirectory=%s, tokens=<%d hidden>, certificateChain=%s, privateKey=%s]"
                .formatted(host, port, memoryBudgetBytes, spillDirectory.map(Path::toString).orElse("<spill disabled>"),
                        tokens.size(), certificateChain.map(Path::toString).orElse("<none>"),
                        privateKey.map(Path::toString).orElse("<none>"));
    }

    private static WeftException invalid(String message) {
        return new WeftException(ErrorCode.INVALID_CONFIGURATION, "Invalid Flight service configuration: " + message);
    }

    /**
     * Defaults: 127.0.0.1, port 0 (ephemeral), 512 MiB, spill to a fresh directory under java.io.tmpdir
     * (created by the server, deleted at shutdown), no authentication, no TLS.
     */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port;
        private long memoryBudgetBytes = DEFAULT_MEMORY_BUDGET_BYTES;
        private Optional<Path> spillDirectory = Optional.empty();
        private boolean spillDisabled;
        private final Set<String> tokens = new LinkedHashSet<>();
        private Optional<Path> certificateChain = Optional.empty();
        private Optional<Path> privateKey = Optional.empty();

        private Builder() {}

        public Builder host(String host) {
            this.host = requireNonNull(host, "host is null");
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder memoryBudgetBytes(long memoryBudgetBytes) {
            this.memoryBudgetBytes = memoryBudgetBytes;
            return this;
        }

        public Builder spillDirectory(Path spillDirectory) {
            this.spillDirectory = Optional.of(requireNonNull(spillDirectory, "spillDirectory is null"));
            this.spillDisabled = false;
            return this;
        }

        /** Over budget, DoPuts wait for readers or fail with RESOURCE_EXHAUSTED instead of spilling. */
        public Builder disableSpill() {
            this.spillDirectory = Optional.empty();
            this.spillDisabled = true;
            return this;
        }

        public Builder token(String token) {
            tokens.add(requireNonNull(token, "token is null"));
            return this;
        }

        public Builder tokens(Set<String> tokens) {
            requireNonNull(tokens, "tokens is null").forEach(this::token);
            return this;
        }

        public Builder tls(Path certificateChain, Path privateKey) {
            this.certificateChain = Optional.of(requireNonNull(certificateChain, "certificateChain is null"));
            this.privateKey = Optional.of(requireNonNull(privateKey, "privateKey is null"));
            return this;
        }

        public FlightServiceConfig build() {
            Optional<Path> spill = spillDirectory;
            if (spill.isEmpty() && !spillDisabled) {
                spill = Optional.of(defaultSpillDirectory());
            }
            return new FlightServiceConfig(host, port, memoryBudgetBytes, spill, tokens, certificateChain, privateKey);
        }

        private static Path defaultSpillDirectory() {
            return Path.of(System.getProperty("java.io.tmpdir"), "weft-flight-spill-" + UUID.randomUUID());
        }
    }
}
