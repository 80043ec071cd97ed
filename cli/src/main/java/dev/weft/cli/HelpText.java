package dev.weft.cli;

import dev.weft.cli.Invocation.Command;

/** The texts of {@code --help}. */
final class HelpText {
    private static final String EXAMPLES = """
            Examples:
              wordcount --input FILE     word counts of a UTF-8 text file, most frequent first (columns word,count)
              tpch --query N --scale SF  TPC-H query N (1, 3, 5, 6, 10, 12, 14 or 19) on data generated at scale
                                         factor SF (0.01 is about 10 MB, 1 about 1 GB)
            """;

    private static final String OPTIONS = """
            Options:
              --output FILE         write the result to FILE (csv through the pipeline's own CSV sink) instead of stdout
              --format FORMAT       csv (default: a header line, then rows), json (one object per line) or table
              --parallelism N       partitions run at once (configuration key weft.parallelism)
              --memory SIZE         operator memory before spilling, e.g. 512m or 2g (weft.memory.budget)
              --config FILE         a properties file of weft.* keys; WEFT_* environment variables override it,
                                    and these options override both
              --verbose             print the stack trace of an error
              -h, --help            print this help
              --version             print the version
            """;

    private HelpText() {}

    static String general() {
        return """
                Usage: weft <command> <example> [options]

                Runs Weft pipelines in this JVM on the embedded Java engine; no server needed.

                Commands:
                  run       run an example pipeline; print its result on stdout or write it with --output
                  explain   print the plan: one operator per line with its engine and boundedness
                  flight serve [--port N] [--token-file F] [--memory 512m] [--spill-dir D]
                            run a standalone Arrow Flight service for stage hand-offs (see 'weft flight serve --help')

                """ + EXAMPLES + "\n" + OPTIONS + """

                Exit status: 0 done, 1 the job failed, 2 the command line is wrong.
                Try: weft run wordcount --input examples/data/sample.txt --format table
                """;
    }

    static String command(Command command) {
        String intro = command == Command.RUN
                ? "Runs an example pipeline and prints its rows on stdout, or writes them to --output."
                : "Prints the plan of an example pipeline without running it: one operator per line with its engine and boundedness.";
        String verb = CommandLineParser.verb(command);
        return "Usage: weft %s <example> [options]\n\n%s\n\n".formatted(verb, intro) + EXAMPLES + "\n" + OPTIONS;
    }
}
