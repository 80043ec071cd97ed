package dev.weft.flight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Parses the options of {@code weft flight serve} into a {@link FlightServiceConfig}. */
final class ServeArguments {
    static final List<String> OPTIONS = List.of(
            "--port N          port to listen on (default 0: a free port, printed)",
            "--host H          host or address to listen on (default 127.0.0.1)",
            "--token-file F    require a bearer token: one token per line (blank lines and # comments ignored)",
            "--memory SIZE     memory budget of the stored streams, e.g. 512m, 2g, 1048576 (default 512m)",
            "--spill-dir D     where to spill streams over the budget (default: a temporary directory)",
            "--no-spill        never spill: over the budget, producers wait for readers or fail",
            "--tls-cert F      serve TLS with this PEM certificate chain (needs --tls-key)",
            "--tls-key F       the PEM (PKCS#8) private key of --tls-cert",
            "--help            print this help");

    private ServeArguments() {}

    /** The configuration the arguments ask for, or null if they ask for help; {@link UsageException} if they are wrong. */
    static FlightServiceConfig parse(String[] args) {
        FlightServiceConfig.Builder builder = FlightServiceConfig.builder();
        Optional<Path> spillDirectory = Optional.empty();
        boolean noSpill = false;
        Optional<Path> certificate = Optional.empty();
        Optional<Path> key = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String argument = args[i];
            String name = argument;
            String inlineValue = null;
            int equals = argument.indexOf('=');
            if (argument.startsWith("--") && equals > 0) {
                name = argument.substring(0, equals);
                inlineValue = argument.substring(equals + 1);
            }
            switch (name) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--no-spill" -> {
                    if (inlineValue != null) {
                        throw new UsageException("--no-spill takes no value, got '%s'".formatted(argument));
                    }
                    noSpill = true;
                }
                case "--port", "--host", "--token-file", "--memory", "--spill-dir", "--tls-cert", "--tls-key" -> {
                    String value = inlineValue;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException("%s needs a value".formatted(name));
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--port" -> builder.port(port(value));
                        case "--host" -> builder.host(nonBlank(name, value));
                        case "--token-file" -> builder.tokens(tokens(Path.of(nonBlank(name, value))));
                        case "--memory" -> builder.memoryBudgetBytes(memory(value));
                        case "--spill-dir" -> spillDirectory = Optional.of(Path.of(nonBlank(name, value)));
                        case "--tls-cert" -> certificate = Optional.of(readableFile(name, Path.of(nonBlank(name, value))));
                        default -> key = Optional.of(readableFile(name, Path.of(nonBlank(name, value))));
                    }
                }
                default -> throw new UsageException("unknown option '%s'".formatted(argument));
            }
        }
        if (noSpill && spillDirectory.isPresent()) {
            throw new UsageException("--no-spill and --spill-dir contradict each other: give one of them");
        }
        if (certificate.isPresent() != key.isPresent()) {
            throw new UsageException("TLS needs both --tls-cert and --tls-key");
        }
        if (noSpill) {
            builder.disableSpill();
        }
        spillDirectory.ifPresent(builder::spillDirectory);
        if (certificate.isPresent()) {
            builder.tls(certificate.get(), key.orElseThrow());
        }
        return builder.build();
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--port '%s' is not a port: give a number in 0..65535 (0 picks a free port)".formatted(value));
    }

    private static long memory(String value) {
        try {
            return ByteSizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--memory " + e.getMessage());
        }
    }

    private static String nonBlank(String option, String value) {
        if (value.isBlank()) {
            throw new UsageException("%s needs a non-blank value".formatted(option));
        }
        return value;
    }

    private static Path readableFile(String option, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException("%s %s: the file does not exist or cannot be read".formatted(option, file));
        }
        return file;
    }

    /** The tokens of a token file: one a line, blank lines and lines starting with # ignored. */
    static Set<String> tokens(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("--token-file %s cannot be read (%s): give a readable file with one token per line"
                    .formatted(file, e.getClass().getSimpleName()));
        }
        Set<String> tokens = new LinkedHashSet<>();
        for (String line : lines) {
            String token = line.strip();
            if (token.isEmpty() || token.startsWith("#")) {
                continue;
            }
            if (token.chars().anyMatch(Character::isWhitespace)) {
                throw new UsageException("--token-file %s has a line with spaces inside a token: put one token per line"
                        .formatted(file));
            }
            tokens.add(token);
        }
        if (tokens.isEmpty()) {
            throw new UsageException("--token-file %s has no tokens: put one token per line (blank lines and # comments are ignored)"
                    .formatted(file));
        }
        return tokens;
    }

    /** The command line is wrong; the message says what and how to fix it. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
