package dev.weft.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What a checked command line asks for: a text to print (help, version) or a job to run or explain. */
sealed interface Invocation permits Invocation.PrintText, Invocation.JobRequest {

    enum Command {
        RUN, EXPLAIN
    }

    /** Prints {@code text} on stdout and exits with 0. */
    record PrintText(String text) implements Invocation {
        public PrintText {
            requireNonNull(text, "text is null");
        }
    }

    /** Driver settings from the command line; each one present overrides the configuration file and environment. */
    record Settings(OptionalInt parallelism, OptionalLong memoryBudget, Optional<Path> configFile) {
        public Settings {
            requireNonNull(parallelism, "parallelism is null");
            requireNonNull(memoryBudget, "memoryBudget is null");
            requireNonNull(configFile, "configFile is null");
        }
    }

    record JobRequest(Command command, ExampleJob example, Optional<Path> output, OutputFormat format, Settings settings)
            implements Invocation {
        public JobRequest {
            requireNonNull(command, "command is null");
            requireNonNull(example, "example is null");
            requireNonNull(output, "output is null");
            requireNonNull(format, "format is null");
            requireNonNull(settings, "settings is null");
        }
    }
}
