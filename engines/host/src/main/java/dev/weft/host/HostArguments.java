package dev.weft.host;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@link HostMain}: {@code --engine E --port P --work-dir D [--bind H] [--token T]
 * [--properties F] [--parallelism N] [--memory-budget BYTES] [--batch-size ROWS] [--flight-memory BYTES] [--detached]}.
 * Without --token the token comes from the environment variable WEFT_HOST_TOKEN (none if unset).
 */
record HostArguments(String engine, int port, Path workDirectory, String bind, Optional<String> token, Optional<Path> properties,
                     int parallelism, long memoryBudgetBytes, int batchSize, long flightMemoryBytes, boolean detached) {
    static final String USAGE = "usage: HostMain --engine <name> --port <port, 0 = any> --work-dir <dir> [--bind 127.0.0.1] [--token T]"
            + " [--properties file] [--parallelism N] [--memory-budget bytes] [--batch-size rows] [--flight-memory bytes] [--detached]";

    HostArguments {
        requireNonNull(engine, "engine is null");
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(bind, "bind is null");
        requireNonNull(token, "token is null");
        requireNonNull(properties, "properties is null");
    }

    static HostArguments parse(List<String> args, Optional<String> environmentToken) {
        String engine = null;
        Integer port = null;
        Path workDirectory = null;
        String bind = "127.0.0.1";
        Optional<String> token = environmentToken.filter(value -> !value.isBlank());
        Optional<Path> properties = Optional.empty();
        int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());
        long memoryBudget = 256L << 20;
        int batchSize = 4096;
        long flightMemory = 512L << 20;
        boolean detached = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--detached" -> detached = true;
                case "--engine", "--port", "--work-dir", "--bind", "--token", "--properties", "--parallelism", "--memory-budget",
                     "--batch-size", "--flight-memory" -> {
                    if (i + 1 >= args.size()) {
                        throw invalid("%s needs a value".formatted(arg));
                    }
                    String value = args.get(++i);
                    switch (arg) {
                        case "--engine" -> engine = value;
                        case "--port" -> port = (int) number(arg, value);
                        case "--work-dir" -> workDirectory = Path.of(value);
                        case "--bind" -> bind = value;
                        case "--token" -> token = Optional.of(value);
                        case "--properties" -> properties = Optional.of(Path.of(value));
                        case "--parallelism" -> parallelism = (int) number(arg, value);
                        case "--memory-budget" -> memoryBudget = number(arg, value);
                        case "--batch-size" -> batchSize = (int) number(arg, value);
                        default -> flightMemory = number(arg, value);
                    }
                }
                default -> throw invalid("unknown argument '%s'".formatted(arg));
            }
        }
        if (engine == null || port == null || workDirectory == null) {
            throw invalid("--engine, --port and --work-dir are required");
        }
        return new HostArguments(engine, port, workDirectory, bind, token, properties, parallelism, memoryBudget, batchSize,
                flightMemory, detached);
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw invalid("%s takes a number, got '%s'".formatted(name, value));
        }
    }

    private static WeftException invalid(String problem) {
        return new WeftException(ErrorCode.INVALID_ARGUMENT, "%s; %s".formatted(problem, USAGE));
    }

    @Override
    public String toString() {
        return "HostArguments[engine=%s, port=%d, workDirectory=%s, bind=%s, token=%s, parallelism=%d, detached=%s]"
                .formatted(engine, port, workDirectory, bind, token.isPresent() ? "****" : "none", parallelism, detached);
    }
}
