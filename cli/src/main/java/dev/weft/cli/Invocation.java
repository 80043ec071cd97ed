package dev.weft.cli;

import static java.util.Objects.requireNonNull;

import dev.weft.optimizer.explain.ExplainFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What a checked command line asks for: a text to print (help, version), a job to run or explain, or a calibration. */
sealed interface Invocation permits Invocation.PrintText, Invocation.JobRequest, Invocation.CalibrateRequest,
        Invocation.EnginesRequest {

    enum Command {
        RUN, EXPLAIN, CALIBRATE, ENGINES
    }

    /** Prints {@code text} on stdout and exits with 0. */
    record PrintText(String text) implements Invocation {
        public PrintText {
            requireNonNull(text, "text is null");
        }
    }

    /**
     * Driver settings from the command line; each one present overrides the configuration file and environment.
     *
     * @param engine {@code --engine}: "auto" or an engine name (configuration key weft.engine)
     */
    record Settings(OptionalInt parallelism, OptionalLong memoryBudget, Optional<Path> configFile, Optional<String> engine) {
        public Settings {
            requireNonNull(parallelism, "parallelism is null");
            requireNonNull(memoryBudget, "memoryBudget is null");
            requireNonNull(configFile, "configFile is null");
            requireNonNull(engine, "engine is null");
        }
    }

    /**
     * @param format how {@code run} prints rows
     * @param explainFormat how {@code explain} renders the placed plan
     */
    /** @param explainAfterRun print the placed plan with observed rows on stderr once the job is done ({@code run --explain}) */
    record JobRequest(Command command, ExampleJob example, Optional<Path> output, OutputFormat format, ExplainFormat explainFormat,
                      Settings settings, boolean explainAfterRun) implements Invocation {
        public JobRequest {
            requireNonNull(command, "command is null");
            requireNonNull(example, "example is null");
            requireNonNull(output, "output is null");
            requireNonNull(format, "format is null");
            requireNonNull(explainFormat, "explainFormat is null");
            requireNonNull(settings, "settings is null");
        }
    }

    /**
     * {@code weft calibrate}.
     *
     * @param engines the engines to calibrate; empty: all on the classpath
     * @param output where the profiles go; empty: {@code ~/.weft/cost-profile.json}
     * @param quick small sizes (seconds; noisy numbers)
     */
    record CalibrateRequest(List<String> engines, Optional<Path> output, boolean quick, Settings settings) implements Invocation {
        public CalibrateRequest {
            engines = List.copyOf(requireNonNull(engines, "engines is null"));
            requireNonNull(output, "output is null");
            requireNonNull(settings, "settings is null");
        }
    }

    /** {@code weft engines}: the engines found, where each would run, whether it is warm. */
    record EnginesRequest(Settings settings) implements Invocation {
        public EnginesRequest {
            requireNonNull(settings, "settings is null");
        }
    }
}
