package dev.weft.cli;

import static java.util.Objects.requireNonNull;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.types.Row;
import dev.weft.cli.Invocation.Command;
import dev.weft.cli.Invocation.JobRequest;
import dev.weft.cli.Invocation.Settings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;

/** Runs or explains one example job on an embedded {@link Weft} and prints or writes its result. */
final class JobRunner {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean showProgress;

    JobRunner(PrintStream out, PrintStream err, boolean showProgress) {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.showProgress = showProgress;
    }

    void run(JobRequest request) {
        request.example().checkInputs();
        request.output().ifPresent(JobRunner::checkOutput);
        try (Weft weft = Weft.create(config(request.settings()));
             ExampleJob.Prepared example = request.example().prepare(weft)) {
            Pipeline pipeline = Pipeline.create(request.example().name());
            Dataset<Row> result = example.build(pipeline);
            if (request.command() == Command.EXPLAIN) {
                result.collect();
                explain(weft, pipeline, request);
                return;
            }
            Optional<Collected<Row>> collected;
            if (request.output().isPresent() && request.format() == OutputFormat.CSV) {
                result.writeCsv(request.output().get());
                collected = Optional.empty();
            } else {
                collected = Optional.of(result.collect());
            }
            JobHandle job = weft.submit(pipeline);
            await(job);
            if (request.explainAfterRun()) {
                err.print(job.explain());
                err.flush();
            }
            if (collected.isPresent()) {
                List<String> columns = result.schema().getFields().stream().map(Field::getName).toList();
                List<Row> rows = job.collected(collected.get());
                if (request.output().isPresent()) {
                    writeAtomically(request.output().get(), request.format(), columns, rows);
                } else {
                    print(request.format(), columns, rows);
                }
            }
        }
    }

    /** The placed plan in the requested format, on stdout or written (atomically) to --output. */
    private void explain(Weft weft, Pipeline pipeline, JobRequest request) {
        String rendered = weft.explain(pipeline, request.explainFormat());
        String text = rendered.endsWith("\n") ? rendered : rendered + "\n";
        if (request.output().isPresent()) {
            writeTextAtomically(request.output().get(), text);
        } else {
            out.print(text);
            out.flush();
        }
    }

    /** Writes a temporary file beside the target, then moves it over the target. */
    static void writeTextAtomically(Path target, String text) {
        writeAtomically(target, writer -> writer.write(text));
    }

    /** Waits for the job, cancelling it if the JVM is stopped meanwhile and showing progress if asked to. */
    private void await(JobHandle job) {
        CancelOnShutdown cancelOnShutdown = CancelOnShutdown.install(job);
        ProgressLine progress = ProgressLine.start(job, err, showProgress);
        try {
            job.await();
        } finally {
            progress.close();
            cancelOnShutdown.close();
        }
    }

    /** The configuration file (or defaults) with WEFT_* variables over it, then the command line's options. */
    static WeftConfig config(Settings settings) {
        WeftConfig base = settings.configFile().map(WeftConfig::fromProperties).orElseGet(WeftConfig::fromEnvironment);
        WeftConfig.Builder builder = base.toBuilder();
        settings.parallelism().ifPresent(builder::parallelism);
        settings.memoryBudget().ifPresent(builder::memoryBudget);
        settings.engine().ifPresent(builder::engine);
        return builder.build();
    }

    private void print(OutputFormat format, List<String> columns, List<Row> rows) {
        try {
            PrintingAppender appender = new PrintingAppender(out);
            ResultWriter.write(format, columns, rows, appender);
            appender.flush();
        } catch (IOException e) {
            throw new IllegalStateException("a PrintStream reports errors with checkError, it does not throw", e);
        }
    }

    /** Collects text and hands it to a PrintStream in chunks: few, large writes instead of one per value. */
    private static final class PrintingAppender implements Appendable {
        private static final int CHUNK = 1 << 16;

        private final PrintStream target;
        private final StringBuilder buffer = new StringBuilder(CHUNK);

        PrintingAppender(PrintStream target) {
            this.target = target;
        }

        @Override
        public Appendable append(CharSequence text) {
            buffer.append(text);
            if (buffer.length() >= CHUNK) {
                flush();
            }
            return this;
        }

        @Override
        public Appendable append(CharSequence text, int start, int end) {
            return append(text.subSequence(start, end));
        }

        @Override
        public Appendable append(char c) {
            buffer.append(c);
            if (buffer.length() >= CHUNK) {
                flush();
            }
            return this;
        }

        void flush() {
            target.print(buffer);
            target.flush();
            buffer.setLength(0);
        }
    }

    /** A body that writes a file's content. */
    private interface Content {
        void writeTo(BufferedWriter writer) throws IOException;
    }

    private static void writeAtomically(Path target, OutputFormat format, List<String> columns, List<Row> rows) {
        writeAtomically(target, writer -> ResultWriter.write(format, columns, rows, writer));
    }

    /** Writes a temporary file beside the target, then moves it over the target: readers never see half a file. */
    private static void writeAtomically(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
            try (BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                content.writeTo(writer);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new WeftException(ErrorCode.IO_ERROR, "cannot write %s: %s".formatted(target, e), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // best effort: the error that brought us here is the one to report
                }
            }
        }
    }

    static void checkOutput(Path output) {
        Path parent = output.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new WeftException(ErrorCode.FILE_NOT_FOUND,
                    "the directory of output file %s does not exist; create it or choose another --output".formatted(output));
        }
        if (Files.isDirectory(output)) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "--output %s is a directory; give a file name such as %s".formatted(output, output.resolve("result.csv")));
        }
    }
}
