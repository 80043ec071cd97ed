package dev.weft.cli;

import dev.weft.cli.Invocation.Command;

/** The texts of {@code --help}. */
final class HelpText {
    private static final String EXAMPLES = """
            Examples:
              wordcount --input FILE     word counts of a UTF-8 text file, most frequent first (columns word,count)
              tpch --query N --scale SF  TPC-H query N (1, 3, 5, 6, 10, 12, 14 or 19) on data generated at scale
                                         factor SF (0.01 is about 10 MB, 1 about 1 GB)
              orders-demo [--scale SF]   starts an embedded PostgreSQL and Kafka broker, loads TPC-H customers and
                                         orders into PostgreSQL and lineitem events into a topic (SF 0.01 by
                                         default), then asks TPC-H Q3 of both: filters and join inside
                                         PostgreSQL, the topic read and the ranking on the Java engine
            """;

    private static final String OPTIONS = """
            Options:
              --output FILE         run: write the result to FILE (csv through the pipeline's own CSV sink) instead of
                                    stdout; explain: write the rendered plan to FILE
              --format FORMAT       run: csv (default: a header line, then rows), json (one object per line) or table;
                                    explain: text (default), dot (Graphviz), svg or html (self-contained, no network)
              --engine NAME         auto (default: the cost-based optimizer places each operator) or an engine name such
                                    as java: every operator on that engine (configuration key weft.engine)
              --parallelism N       partitions run at once (configuration key weft.parallelism)
              --memory SIZE         operator memory before spilling, e.g. 512m or 2g (weft.memory.budget)
              --config FILE         a properties file of weft.* keys; WEFT_* environment variables override it,
                                    and these options override both
              --explain             run: after the job, print the placed plan on stderr with the rows each operator
                                    produced beside its estimate
              --verbose             print the stack trace of an error
              -h, --help            print this help
              --version             print the version
            """;

    private static final String CALIBRATE = """
            Usage: weft calibrate [--engines java,...] [--output FILE] [--quick] [--parallelism N] [--config FILE]

            Measures the optimizer's cost constants on this machine and writes them as a cost-profile file: each
            engine's start-up (cold and warm), the CPU per record of every operator kind it runs, and the per-byte
            cost of the in-process and Flight channels. Every figure is the median of timed runs; kinds that cannot
            be measured alone are derived by a stated rule. The summary on stdout says which is which.
            Run it on an idle machine: the full calibration of the Java engine takes about a minute.

            Options:
              --engines LIST        the engines to calibrate, comma-separated (default: every engine on the classpath)
              --output FILE         where to write the profiles (default: ~/.weft/cost-profile.json, which the driver
                                    then uses by default; configuration key weft.cost.profile points elsewhere)
              --quick               small sizes: seconds instead of a minute, noisy numbers (to try it out)
              --parallelism N       the parallelism to measure with (default: the available processors)
              --memory SIZE, --config FILE, --verbose, -h/--help as for run
            """;

    private static final String ENGINES = """
            Usage: weft engines [--config FILE] [--engine NAME]

            Lists the engines found on the classpath: the artifact each comes from, where it would run with this
            configuration (in the driver JVM, or an engine host: Spark local[N] or weft.spark.master, a Flink
            MiniCluster or weft.flink.jobmanager, or a host already running at weft.<engine>.host), whether it is warm
            (started, so a job pays no start-up), and whether weft.engines / --engine let the optimizer use it.
            Starts nothing: a fresh command shows every engine cold.

            Options:
              --config FILE, --engine NAME, --parallelism N, --verbose, -h/--help as for run
            """;

    private HelpText() {}

    static String general() {
        return """
                Usage: weft <command> <example> [options]

                Runs Weft pipelines in this JVM; a cost-based optimizer places each operator on an engine
                (the embedded Java engine, and any other engine on the classpath); no server needed.

                Commands:
                  run       run an example pipeline; print its result on stdout or write it with --output
                  explain   print the placed plan: per operator its engine, estimated rows and cost, the channel at
                            every engine boundary, the runner-up plan (--format text|dot|svg|html)
                  calibrate [--engines java,...] [--output FILE] [--quick]
                            measure this machine's cost constants for the optimizer (see 'weft calibrate --help')
                  engines   list the engines found, where each would run (driver JVM or engine host) and if warm
                  flight serve [--port N] [--token-file F] [--memory 512m] [--spill-dir D]
                            run a standalone Arrow Flight service for stage hand-offs (see 'weft flight serve --help')

                """ + EXAMPLES + "\n" + OPTIONS + """

                Exit status: 0 done, 1 the job failed, 2 the command line is wrong.
                Try: weft run wordcount --input examples/data/sample.txt --format table
                """;
    }

    static String command(Command command) {
        if (command == Command.CALIBRATE) {
            return CALIBRATE;
        }
        if (command == Command.ENGINES) {
            return ENGINES;
        }
        String intro = command == Command.RUN
                ? "Runs an example pipeline and prints its rows on stdout, or writes them to --output."
                : "Prints the placed plan of an example pipeline without running it: per operator its engine, estimated rows\n"
                + "(an interval with a confidence) and cost, the channel at every engine boundary, engine start-ups, the total,\n"
                + "the runner-up plan and where each engine's cost profile came from. --format dot|svg|html draws it.";
        String verb = CommandLineParser.verb(command);
        return "Usage: weft %s <example> [options]\n\n%s\n\n".formatted(verb, intro) + EXAMPLES + "\n" + OPTIONS;
    }
}
