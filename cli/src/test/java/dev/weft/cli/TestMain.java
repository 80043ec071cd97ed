package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.cli.examples.WordCount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the command in-process, as {@code ./weft ...} would, with stdout and stderr captured. */
class TestMain {
    private static final Path SAMPLE = Path.of("..", "examples", "data", "sample.txt");

    @TempDir
    Path directory;

    @Test
    void wordCountPrintsCsvByDefault() {
        Result result = run("run", "wordcount", "--input", SAMPLE.toString());

        result.assertSucceeded();
        Map<String, Long> baseline = WordCount.baseline(SAMPLE);
        List<String> lines = result.stdoutLines();
        assertThat(lines).hasSize(baseline.size() + 1);
        assertThat(lines.get(0)).isEqualTo("word,count");
        assertThat(lines.get(1)).isEqualTo("the," + baseline.get("the"));
        assertThat(lines).contains("café," + baseline.get("café"));
    }

    @Test
    void wordCountPrintsJsonLines() {
        Result result = run("run", "wordcount", "--input", SAMPLE.toString(), "--format", "json");

        result.assertSucceeded();
        Map<String, Long> baseline = WordCount.baseline(SAMPLE);
        List<String> lines = result.stdoutLines();
        assertThat(lines).hasSize(baseline.size());
        assertThat(lines.get(0)).isEqualTo("{\"word\":\"the\",\"count\":%d}".formatted(baseline.get("the")));
        assertThat(lines).allMatch(line -> line.matches("\\{\"word\":\"[^\"]+\",\"count\":[0-9]+}"));
    }

    @Test
    void wordCountPrintsAnAlignedTable() {
        Result result = run("run", "wordcount", "--input", SAMPLE.toString(), "--format=table");

        result.assertSucceeded();
        Map<String, Long> baseline = WordCount.baseline(SAMPLE);
        List<String> lines = result.stdoutLines();
        assertThat(lines.get(0)).matches("word +\\| count");
        assertThat(lines.get(1)).matches("-+-\\+--+");
        assertThat(lines.get(2)).matches("the +\\| +" + baseline.get("the"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("(%d rows)".formatted(baseline.size()));
        int separator = lines.get(0).indexOf('|');
        assertThat(lines.subList(2, lines.size() - 1)).allMatch(line -> line.indexOf('|') == separator);
    }

    @Test
    void outputCsvIsWrittenByThePipelineSink() throws IOException {
        Path output = directory.resolve("counts.csv");

        Result result = run("run", "wordcount", "--input", SAMPLE.toString(), "--output", output.toString());

        result.assertSucceeded();
        assertThat(result.stdout()).isEmpty();
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        Map<String, Long> baseline = WordCount.baseline(SAMPLE);
        assertThat(lines).hasSize(baseline.size() + 1);
        assertThat(lines.get(0)).isEqualTo("word,count");
        assertThat(lines.get(1)).isEqualTo("the," + baseline.get("the"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "table"})
    void outputFileIsWrittenAtomicallyFromTheCollectedRows(String format) throws IOException {
        Path output = directory.resolve("counts." + format);
        Files.writeString(output, "old content that must be replaced\n");

        Result result = run("run", "wordcount", "--input", SAMPLE.toString(), "--output", output.toString(), "--format", format);

        result.assertSucceeded();
        assertThat(result.stdout()).isEmpty();
        Result printed = run("run", "wordcount", "--input", SAMPLE.toString(), "--format", format);
        assertThat(Files.readString(output, StandardCharsets.UTF_8)).isEqualTo(printed.stdout());
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).as("no temporary file is left behind").containsExactly(output);
        }
    }

    @Test
    void tpchQueryRuns() {
        Result result = run("run", "tpch", "--query", "6", "--scale", "0.01", "--parallelism", "2", "--memory", "64m");

        result.assertSucceeded();
        List<String> lines = result.stdoutLines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("revenue");
        assertThat(Double.parseDouble(lines.get(1))).isCloseTo(1193053.2253, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void explainNamesOperatorsEngineAndBoundedness() {
        Result result = run("explain", "wordcount", "--input", SAMPLE.toString());

        result.assertSucceeded();
        assertThat(result.stdout()).contains("text-file-source", "tokenize", "aggregate", "sort", "collect", "engine=java");
    }

    @Test
    void runWithExplainPrintsObservedRowsBesideTheEstimatesOnStderr() {
        Result result = run("run", "wordcount", "--input", SAMPLE.toString(), "--explain");

        assertThat(result.status()).isZero();
        assertThat(result.stdout()).startsWith("word,count");
        assertThat(result.stderr()).contains("plan 'wordcount'").containsPattern("text-file-source #\\d+ .*observed=\\d+");
    }

    @Test
    void explainAfterRunBelongsToRun() {
        Result result = run("explain", "wordcount", "--input", SAMPLE.toString(), "--explain");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.stderr()).contains("--explain belongs to 'weft run'");
    }

    @Test
    void explainOfTpchShowsTheJoins() {
        Result result = run("explain", "tpch", "--query", "5", "--scale", "1");

        result.assertSucceeded();
        assertThat(result.stdout()).contains("tpch-source", "lineitem", "join", "engine=java");
    }

    @Test
    void explainRendersEveryFormat() {
        Result dot = run("explain", "wordcount", "--input", SAMPLE.toString(), "--format", "dot");
        dot.assertSucceeded();
        assertThat(dot.stdout()).contains("digraph", "tokenize");

        Result svg = run("explain", "wordcount", "--input", SAMPLE.toString(), "--format", "svg");
        svg.assertSucceeded();
        assertThat(svg.stdout()).contains("<svg", "</svg>", "tokenize");

        Result html = run("explain", "wordcount", "--input", SAMPLE.toString(), "--format=html");
        html.assertSucceeded();
        assertThat(html.stdout()).containsIgnoringCase("<html").contains("<svg", "tokenize").doesNotContain("https://", "src=\"http");

        Result text = run("explain", "wordcount", "--input", SAMPLE.toString(), "--format", "text");
        text.assertSucceeded();
        assertThat(text.stdout()).contains("tokenize", "engine=java");
    }

    @Test
    void explainWritesItsOutputFile() throws IOException {
        Path output = directory.resolve("plan.svg");

        Result result = run("explain", "tpch", "--query", "3", "--scale", "0.01", "--format", "svg", "--output", output.toString());

        result.assertSucceeded();
        assertThat(result.stdout()).isEmpty();
        assertThat(Files.readString(output)).contains("<svg", "lineitem");
    }

    @Test
    void engineOptionPinsEveryOperatorOrLetsTheOptimizerChoose() {
        Result java = run("run", "tpch", "--query", "6", "--scale", "0.01", "--engine", "java");
        java.assertSucceeded();
        Result auto = run("run", "tpch", "--query", "6", "--scale", "0.01", "--engine=auto");
        auto.assertSucceeded();
        assertThat(auto.stdout()).isEqualTo(java.stdout());

        Result explained = run("explain", "tpch", "--query", "6", "--scale", "0.01", "--engine", "java");
        explained.assertSucceeded();
        assertThat(explained.stdout()).contains("engine=java");
    }

    @Test
    void badEngineOrFormatIsAUsageError() {
        assertUsageError(run("run", "wordcount", "--input", SAMPLE.toString(), "--engine", "spork"),
                "--engine must be auto or an engine on the classpath [flink, java, jdbc, spark], got 'spork'");
        assertUsageError(run("explain", "wordcount", "--input", SAMPLE.toString(), "--format", "png"),
                "--format of 'weft explain' must be one of text|dot|svg|html, got 'png'");
        assertUsageError(run("run", "wordcount", "--input", SAMPLE.toString(), "--format", "svg"),
                "--format must be one of csv|json|table");
        assertUsageError(run("run", "wordcount", "--input", SAMPLE.toString(), "--quick"),
                "option --quick applies only to 'weft calibrate'");
    }

    @Test
    void badCalibrateArgumentsAreUsageErrors() {
        assertUsageError(run("calibrate", "--engines", "java,spork"), "--engines names 'spork', which is not an engine on the classpath [flink, java, jdbc, spark]");
        assertUsageError(run("calibrate", "--engines", "java,java"), "--engines names 'java' twice");
        assertUsageError(run("calibrate", "--engines", "java,"), "--engines needs a comma-separated list");
        assertUsageError(run("calibrate", "wordcount"), "unexpected argument 'wordcount' after 'weft calibrate'");
        assertUsageError(run("calibrate", "--engine", "java"), "option --engine does not apply to 'weft calibrate'");
        assertUsageError(run("calibrate", "--format", "json"), "option --format does not apply to 'weft calibrate'");
    }

    @Test
    void calibrateHasHelp() {
        Result help = run("calibrate", "--help");
        help.assertSucceeded();
        assertThat(help.stdout()).startsWith("Usage: weft calibrate").contains("--engines", "--output", "--quick", "median");
        assertThat(run("--help").stdout()).contains("calibrate", "--engine NAME", "text (default), dot");
    }

    @Test
    void missingInputFileIsOneLineNamingIt() {
        Path missing = directory.resolve("no-such-file.txt");

        Result result = run("run", "wordcount", "--input", missing.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).startsWith("weft: error: ").contains(missing.toString()).contains("does not exist");
    }

    @Test
    void missingOutputDirectoryIsAnError() {
        Path output = directory.resolve("no-such-directory").resolve("out.csv");

        Result result = run("run", "wordcount", "--input", SAMPLE.toString(), "--output", output.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.stderr()).contains("no-such-directory");
    }

    @Test
    void unknownConfigurationKeyFailsNamingIt() throws IOException {
        Path config = Files.writeString(directory.resolve("weft.properties"), "weft.parallelizm=4\n");

        Result result = run("run", "wordcount", "--input", SAMPLE.toString(), "--config", config.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).contains("weft.parallelizm");
    }

    @Test
    void configurationFileIsRead() throws IOException {
        Path config = Files.writeString(directory.resolve("weft.properties"), "weft.parallelism=2\nweft.batch.size=16\n");

        Result result = run("run", "wordcount", "--input", SAMPLE.toString(), "--config", config.toString());

        result.assertSucceeded();
        assertThat(result.stdoutLines()).hasSize(WordCount.baseline(SAMPLE).size() + 1);
    }

    @Test
    void helpAndVersionGoToStdout() {
        Result help = run("--help");
        help.assertSucceeded();
        assertThat(help.stdout()).startsWith("Usage: weft").contains("wordcount", "tpch", "--output", "--format", "--memory");

        Result commandHelp = run("run", "--help");
        commandHelp.assertSucceeded();
        assertThat(commandHelp.stdout()).startsWith("Usage: weft run");

        Result exampleHelp = run("explain", "tpch", "--help");
        exampleHelp.assertSucceeded();
        assertThat(exampleHelp.stdout()).startsWith("Usage: weft explain");

        Result version = run("--version");
        version.assertSucceeded();
        assertThat(version.stdout()).startsWith("weft ");
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertUsageError(run(), "missing command");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertUsageError(run("frobnicate"), "unknown command 'frobnicate'");
    }

    @Test
    void unknownExampleIsAUsageError() {
        assertUsageError(run("run", "pagerank"), "unknown example 'pagerank'");
    }

    @Test
    void unknownOptionIsAUsageErrorWithASuggestion() {
        assertUsageError(run("run", "wordcount", "--inptu", "x.txt"), "unknown option '--inptu' (did you mean --input?)");
        assertUsageError(run("run", "wordcount", "-i", "x.txt"), "unknown option '-i'");
    }

    @Test
    void optionOfAnotherExampleIsAUsageError() {
        assertUsageError(run("run", "wordcount", "--input", "x.txt", "--query", "1"), "--query does not apply to 'weft run wordcount'");
    }

    @Test
    void missingOptionsAndValuesAreUsageErrors() {
        assertUsageError(run("run", "wordcount"), "needs option --input");
        assertUsageError(run("run", "wordcount", "--input"), "option --input needs a value");
        assertUsageError(run("run", "wordcount", "--input", "--format", "csv"), "option --input needs a value");
        assertUsageError(run("run", "tpch", "--query", "1"), "needs option --scale");
        assertUsageError(run("run"), "missing example");
    }

    @Test
    void repeatedOptionIsAUsageError() {
        assertUsageError(run("run", "wordcount", "--input", "a", "--input", "b"), "option --input is given twice");
    }

    @Test
    void unsupportedQueryNumberListsTheSupportedOnes() {
        assertUsageError(run("run", "tpch", "--query", "2", "--scale", "0.01"), "[1, 3, 5, 6, 10, 12, 14, 19]");
        assertUsageError(run("run", "tpch", "--query", "22", "--scale", "0.01"), "query 22");
    }

    @ParameterizedTest
    @ValueSource(strings = {"one", "1.5", "-1", "0x1", "99999999999"})
    void malformedQueryNumberIsAUsageError(String query) {
        assertUsageError(run("run", "tpch", "--query", query, "--scale", "0.01"), "--query needs a TPC-H query number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "NaN", "Infinity", "1e999", "0.01x", "1,5"})
    void badScaleFactorIsAUsageError(String scale) {
        assertUsageError(run("run", "tpch", "--query", "1", "--scale", scale), "--scale needs a positive scale factor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "four", "1.5", "100000"})
    void badParallelismIsAUsageError(String parallelism) {
        assertUsageError(run("run", "wordcount", "--input", SAMPLE.toString(), "--parallelism", parallelism), "--parallelism needs a whole number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5m", "12q", "m", "lots", "99999999999t"})
    void badMemorySizeIsAUsageError(String memory) {
        assertUsageError(run("run", "wordcount", "--input", SAMPLE.toString(), "--memory", memory), "--memory needs a size");
    }

    @Test
    void badFormatIsAUsageError() {
        assertUsageError(run("run", "wordcount", "--input", SAMPLE.toString(), "--format", "xml"), "--format must be one of csv|json|table");
    }

    @Test
    void flightWithoutServeIsAUsageError() {
        assertUsageError(run("flight"), "'weft flight' needs the subcommand serve");
        assertUsageError(run("flight", "start"), "'weft flight' needs the subcommand serve");
    }

    @Test
    void flightServeRejectsAnUnknownOptionBeforeListening() {
        Result result = run("flight", "serve", "--colour", "blue");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.stdout()).doesNotContain("listening");
        assertThat(result.stderr()).contains("--colour");
    }

    @Test
    void flightServeHelpIsPrinted() {
        Result result = run("flight", "serve", "--help");
        assertThat(result.status()).isZero();
        assertThat(result.stdout()).contains("--port").contains("--token-file").contains("--memory").contains("--spill-dir");
    }

    private static void assertUsageError(Result result, String message) {
        assertThat(result.status()).as("exit status; stderr: %s", result.stderr()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).startsWith("weft: error: ").contains(message);
    }

    @Test
    void enginesListsTheEnginesFoundAndStartsNothing() {
        Result result = run("engines");

        assertThat(result.status()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().findFirst()).hasValueSatisfying(header -> assertThat(header).contains("engine", "where", "warm"));
        assertThat(result.stdout()).containsPattern("java +in the driver JVM +no +yes +dev.weft:weft-engine-java");
    }

    @Test
    void enginesRefusesExamplesAndForeignOptions() {
        assertThat(run("engines", "wordcount").stderr()).contains("unexpected argument 'wordcount' after 'weft engines'");
        assertThat(run("engines", "--input", "x").stderr()).contains("option --input does not apply to 'weft engines'");
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, stdout, stderr);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int status, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        List<String> stderrLines() {
            return stderr.lines().toList();
        }

        void assertSucceeded() {
            assertThat(status).as("exit status; stderr: %s", stderr).isZero();
            assertThat(stderr).isEmpty();
        }
    }
}
