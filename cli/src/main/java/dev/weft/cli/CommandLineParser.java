package dev.weft.cli;

import dev.weft.adaptive.EngineRegistry;
import dev.weft.adaptive.WeftConfig;
import dev.weft.api.EditDistance;
import dev.weft.api.WeftException;
import dev.weft.cli.Invocation.Command;
import dev.weft.cli.examples.TpchQueries;
import dev.weft.optimizer.explain.ExplainFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns arguments into an {@link Invocation}: {@code weft [run|explain] <example> [--option value | --option=value]...}
 * or {@code weft calibrate [--engines a,b] [--output FILE] [--quick]}.
 * Every mistake is a {@link UsageException} naming the argument and what to write instead.
 */
final class CommandLineParser {
    static final String WORDCOUNT = "wordcount";
    static final String TPCH = "tpch";
    static final String ORDERS_DEMO = "orders-demo";
    static final List<String> EXAMPLES = List.of(WORDCOUNT, TPCH, ORDERS_DEMO);
    static final int MAX_PARALLELISM = 4096;

    /** Options that take a value. */
    private static final List<String> VALUE_OPTIONS = List.of(
            "--input", "--query", "--scale", "--output", "--format", "--parallelism", "--memory", "--config", "--engine", "--engines");
    /** Options without a value. */
    private static final List<String> FLAGS = List.of("--help", "-h", "--version", "--verbose", "--quick", "--explain");
    private static final List<String> COMMON_OPTIONS = List.of(
            "--output", "--format", "--engine", "--parallelism", "--memory", "--config", "--verbose", "--help");
    private static final List<String> CALIBRATE_OPTIONS = List.of(
            "--engines", "--output", "--quick", "--parallelism", "--memory", "--config", "--verbose", "--help");
    private static final List<String> ENGINES_OPTIONS = List.of("--config", "--engine", "--parallelism", "--verbose", "--help");
    private static final Map<String, List<String>> EXAMPLE_OPTIONS = Map.of(
            WORDCOUNT, List.of("--input"),
            TPCH, List.of("--query", "--scale"),
            ORDERS_DEMO, List.of("--scale"));
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern DECIMAL_NUMBER = Pattern.compile("([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?");

    private CommandLineParser() {}

    static Invocation parse(List<String> args) {
        List<String> positionals = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (FLAGS.contains(arg)) {
                flags.add(arg.equals("-h") ? "--help" : arg);
            } else if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg : arg.substring(0, equals);
                if (!VALUE_OPTIONS.contains(name)) {
                    if (FLAGS.contains(name)) {
                        throw new UsageException("option %s takes no value, got '%s'".formatted(name, arg));
                    }
                    throw new UsageException("unknown option '%s'%s; see 'weft --help'".formatted(name, suggestion(name)));
                }
                String value;
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option %s needs a value, for example %s".formatted(name, example(name)));
                }
                if (value.isEmpty()) {
                    throw new UsageException("option %s needs a value, for example %s".formatted(name, example(name)));
                }
                if (options.putIfAbsent(name, value) != null) {
                    throw new UsageException("option %s is given twice ('%s' and '%s'); give it once".formatted(name, options.get(name), value));
                }
            } else if (arg.startsWith("-") && arg.length() > 1) {
                throw new UsageException("unknown option '%s'; options start with -- (see 'weft --help')".formatted(arg));
            } else {
                positionals.add(arg);
            }
        }

        if (flags.contains("--version")) {
            return new Invocation.PrintText("weft %s (Java %s)\n".formatted(Version.current(), Runtime.version()));
        }
        if (positionals.isEmpty()) {
            if (flags.contains("--help")) {
                return new Invocation.PrintText(HelpText.general());
            }
            throw new UsageException("missing command: write 'weft run <example> ...', 'weft explain <example> ...', 'weft calibrate' or 'weft engines' (see 'weft --help')");
        }
        Command command = command(positionals.get(0));
        if (command == Command.CALIBRATE) {
            return calibrate(positionals, options, flags);
        }
        if (command == Command.ENGINES) {
            return engines(positionals, options, flags);
        }
        if (flags.contains("--quick")) {
            throw new UsageException("option --quick applies only to 'weft calibrate'");
        }
        if (positionals.size() < 2) {
            if (flags.contains("--help")) {
                return new Invocation.PrintText(HelpText.command(command));
            }
            throw new UsageException("missing example after '%s': one of %s, e.g. 'weft %s wordcount --input FILE'"
                    .formatted(verb(command), EXAMPLES, verb(command)));
        }
        String example = positionals.get(1);
        if (!EXAMPLES.contains(example)) {
            throw new UsageException("unknown example '%s' for 'weft %s'; the examples are %s".formatted(example, verb(command), EXAMPLES));
        }
        if (positionals.size() > 2) {
            throw new UsageException("unexpected argument '%s' after 'weft %s %s'; options start with --"
                    .formatted(positionals.get(2), verb(command), example));
        }
        if (flags.contains("--help")) {
            return new Invocation.PrintText(HelpText.command(command));
        }
        List<String> allowed = Stream.concat(EXAMPLE_OPTIONS.get(example).stream(), COMMON_OPTIONS.stream()).toList();
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw new UsageException("option %s does not apply to 'weft %s %s'; its options are %s"
                        .formatted(name, verb(command), example, String.join(", ", allowed)));
            }
        }

        ExampleJob job = switch (example) {
            case WORDCOUNT -> new ExampleJob.WordCountJob(Path.of(required(options, "--input", example)));
            case TPCH -> new ExampleJob.TpchJob(query(required(options, "--query", example)), scale(required(options, "--scale", example)));
            default -> new ExampleJob.OrdersDemoJob(Optional.ofNullable(options.get("--scale")).map(CommandLineParser::scale).orElse(0.01));
        };
        Optional<Path> output = Optional.ofNullable(options.get("--output")).map(Path::of);
        Optional<String> formatText = Optional.ofNullable(options.get("--format"));
        OutputFormat format = command == Command.RUN ? formatText.map(OutputFormat::parse).orElse(OutputFormat.CSV) : OutputFormat.CSV;
        ExplainFormat explainFormat = command == Command.EXPLAIN ? formatText.map(CommandLineParser::explainFormat).orElse(ExplainFormat.TEXT)
                : ExplainFormat.TEXT;
        Optional<String> engine = Optional.ofNullable(options.get("--engine")).map(CommandLineParser::engine);
        boolean explainAfterRun = flags.contains("--explain");
        if (explainAfterRun && command != Command.RUN) {
            throw new UsageException("--explain belongs to 'weft run' (it prints the plan with the rows each operator produced after the job); "
                    + "'weft explain' prints the plan without running it");
        }
        return new Invocation.JobRequest(command, job, output, format, explainFormat, settings(options, engine), explainAfterRun);
    }

    /** {@code weft calibrate [--engines a,b] [--output FILE] [--quick]}. */
    private static Invocation calibrate(List<String> positionals, Map<String, String> options, Set<String> flags) {
        if (positionals.size() > 1) {
            throw new UsageException("unexpected argument '%s' after 'weft calibrate'; it takes no example, only options (see 'weft calibrate --help')"
                    .formatted(positionals.get(1)));
        }
        if (flags.contains("--help")) {
            return new Invocation.PrintText(HelpText.command(Command.CALIBRATE));
        }
        for (String name : options.keySet()) {
            if (!CALIBRATE_OPTIONS.contains(name)) {
                throw new UsageException("option %s does not apply to 'weft calibrate'; its options are %s"
                        .formatted(name, String.join(", ", CALIBRATE_OPTIONS)));
            }
        }
        List<String> engines = Optional.ofNullable(options.get("--engines")).map(CommandLineParser::engines).orElse(List.of());
        return new Invocation.CalibrateRequest(engines, Optional.ofNullable(options.get("--output")).map(Path::of),
                flags.contains("--quick"), settings(options, Optional.empty()));
    }

    /** {@code weft engines [--config FILE]}. */
    private static Invocation engines(List<String> positionals, Map<String, String> options, Set<String> flags) {
        if (positionals.size() > 1) {
            throw new UsageException("unexpected argument '%s' after 'weft engines'; it takes only options (see 'weft engines --help')"
                    .formatted(positionals.get(1)));
        }
        if (flags.contains("--help")) {
            return new Invocation.PrintText(HelpText.command(Command.ENGINES));
        }
        for (String name : options.keySet()) {
            if (!ENGINES_OPTIONS.contains(name)) {
                throw new UsageException("option %s does not apply to 'weft engines'; its options are %s"
                        .formatted(name, String.join(", ", ENGINES_OPTIONS)));
            }
        }
        if (flags.contains("--quick") || flags.contains("--explain")) {
            throw new UsageException("'weft engines' takes only %s".formatted(String.join(", ", ENGINES_OPTIONS)));
        }
        return new Invocation.EnginesRequest(settings(options, Optional.ofNullable(options.get("--engine"))));
    }

    private static Invocation.Settings settings(Map<String, String> options, Optional<String> engine) {
        return new Invocation.Settings(
                Optional.ofNullable(options.get("--parallelism")).map(CommandLineParser::parallelism)
                        .map(OptionalInt::of).orElse(OptionalInt.empty()),
                Optional.ofNullable(options.get("--memory")).map(CommandLineParser::memory)
                        .map(OptionalLong::of).orElse(OptionalLong.empty()),
                Optional.ofNullable(options.get("--config")).map(Path::of),
                engine);
    }

    private static ExplainFormat explainFormat(String text) {
        for (ExplainFormat format : ExplainFormat.values()) {
            if (format.text().equals(text)) {
                return format;
            }
        }
        throw new UsageException("--format of 'weft explain' must be one of %s, got '%s'".formatted(explainFormats(), text));
    }

    static String explainFormats() {
        return Arrays.stream(ExplainFormat.values()).map(ExplainFormat::text).collect(Collectors.joining("|"));
    }

    /** The engines on the classpath (the CLI bundles the Java engine; others join by adding their jars). */
    static Set<String> availableEngines() {
        return new java.util.TreeSet<>(EngineRegistry.load(CommandLineParser.class.getClassLoader()).names());
    }

    /** {@code --engine}: auto or an engine on the classpath. */
    private static String engine(String text) {
        Set<String> available = availableEngines();
        if (text.equals(WeftConfig.AUTO) || available.contains(text)) {
            return text;
        }
        throw new UsageException("--engine must be %s or an engine on the classpath %s, got '%s'".formatted(WeftConfig.AUTO, available, text));
    }

    /** {@code --engines java,spark}: engines on the classpath, each once. */
    private static List<String> engines(String text) {
        Set<String> available = availableEngines();
        List<String> names = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new UsageException("--engines needs a comma-separated list of engine names such as java, got '%s'".formatted(text));
            }
            if (!available.contains(name)) {
                throw new UsageException("--engines names '%s', which is not an engine on the classpath %s".formatted(name, available));
            }
            if (names.contains(name)) {
                throw new UsageException("--engines names '%s' twice; name each engine once".formatted(name));
            }
            names.add(name);
        }
        return names;
    }

    static String verb(Command command) {
        return command.name().toLowerCase(Locale.ROOT);
    }

    private static Command command(String text) {
        for (Command command : Command.values()) {
            if (verb(command).equals(text)) {
                return command;
            }
        }
        throw new UsageException("unknown command '%s'; the commands are %s (see 'weft --help')".formatted(text,
                Arrays.stream(Command.values()).map(CommandLineParser::verb).collect(Collectors.joining(", "))));
    }

    private static String required(Map<String, String> options, String name, String example) {
        String value = options.get(name);
        if (value == null) {
            throw new UsageException("'%s' needs option %s, for example %s".formatted(example, name, example(name)));
        }
        return value;
    }

    private static int query(String text) {
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw new UsageException("--query needs a TPC-H query number, one of %s; got '%s'".formatted(TpchQueries.SUPPORTED, text));
        }
        int number = Integer.parseInt(text);
        if (!TpchQueries.SUPPORTED.contains(number)) {
            throw new UsageException("TPC-H query %d is not one of the examples; --query must be one of %s"
                    .formatted(number, TpchQueries.SUPPORTED));
        }
        return number;
    }

    private static double scale(String text) {
        double value = DECIMAL_NUMBER.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UsageException("--scale needs a positive scale factor such as 0.01 or 1; got '%s'".formatted(text));
        }
        return value;
    }

    private static int parallelism(String text) {
        int value = WHOLE_NUMBER.matcher(text).matches() ? Integer.parseInt(text) : 0;
        if (value < 1 || value > MAX_PARALLELISM) {
            throw new UsageException("--parallelism needs a whole number from 1 to %d; got '%s'".formatted(MAX_PARALLELISM, text));
        }
        return value;
    }

    private static long memory(String text) {
        try {
            return WeftConfig.parseSize("--memory", text, "on the command line");
        } catch (WeftException e) {
            throw new UsageException("--memory needs a size such as 512m or 2g; got '%s'".formatted(text));
        }
    }

    private static String example(String option) {
        return switch (option) {
            case "--input" -> "--input examples/data/sample.txt";
            case "--query" -> "--query 1";
            case "--scale" -> "--scale 0.01";
            case "--output" -> "--output result.csv";
            case "--format" -> "--format " + OutputFormat.choices() + " (explain: " + explainFormats() + ")";
            case "--engine" -> "--engine auto";
            case "--engines" -> "--engines java";
            case "--parallelism" -> "--parallelism 4";
            case "--memory" -> "--memory 512m";
            case "--config" -> "--config weft.properties";
            default -> option;
        };
    }

    /** " (did you mean --input?)" for a near miss, else "". */
    private static String suggestion(String name) {
        return Stream.concat(VALUE_OPTIONS.stream(), FLAGS.stream())
                .filter(known -> known.startsWith("--") && EditDistance.between(known, name) <= 2)
                .findFirst()
                .map(" (did you mean %s?)"::formatted)
                .orElse("");
    }
}
