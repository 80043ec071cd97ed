package dev.weft.cli;

import static java.util.Objects.requireNonNull;

import dev.weft.adaptive.Weft;
import dev.weft.api.Dataset;
import dev.weft.cli.examples.OrdersDemo;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.types.Row;
import dev.weft.cli.examples.TpchQueries;
import dev.weft.cli.examples.WordCount;
import java.nio.file.Files;
import java.nio.file.Path;

/** One of the example pipelines the CLI runs, with its arguments. */
sealed interface ExampleJob permits ExampleJob.WordCountJob, ExampleJob.TpchJob, ExampleJob.OrdersDemoJob {
    /** The pipeline's name, as shown by explain and in metrics. */
    String name();

    /** Adds the example's operators to {@code pipeline}; the caller adds the sink. */
    Dataset<Row> build(Pipeline pipeline);

    /**
     * Starts what the example needs before its pipeline can be built (servers, loaded data); closing the result stops it.
     * Nothing for examples over files and generated data.
     */
    default Prepared prepare(Weft weft) {
        return new Prepared(this::build, () -> { });
    }

    /** An example ready to build, and what to stop after its job. */
    record Prepared(java.util.function.Function<Pipeline, Dataset<Row>> builder, Runnable stop) implements AutoCloseable {
        public Prepared {
            requireNonNull(builder, "builder is null");
            requireNonNull(stop, "stop is null");
        }

        public Dataset<Row> build(Pipeline pipeline) {
            return builder.apply(pipeline);
        }

        @Override
        public void close() {
            stop.run();
        }
    }

    /** Fails with a clear message before anything starts if an input is missing. */
    void checkInputs();

    record WordCountJob(Path input) implements ExampleJob {
        public WordCountJob {
            requireNonNull(input, "input is null");
        }

        @Override
        public String name() {
            return "wordcount";
        }

        @Override
        public Dataset<Row> build(Pipeline pipeline) {
            return WordCount.build(pipeline, input);
        }

        @Override
        public void checkInputs() {
            if (!Files.exists(input)) {
                throw new WeftException(ErrorCode.FILE_NOT_FOUND,
                        "input file %s does not exist; pass an existing text file with --input".formatted(input));
            }
            if (!Files.isReadable(input)) {
                throw new WeftException(ErrorCode.FILE_NOT_FOUND,
                        "input file %s is not readable; check its permissions".formatted(input));
            }
        }
    }

    record TpchJob(int query, double scaleFactor) implements ExampleJob {
        @Override
        public String name() {
            return "tpch-q" + query;
        }

        @Override
        public Dataset<Row> build(Pipeline pipeline) {
            return TpchQueries.query(pipeline, query, scaleFactor);
        }

        @Override
        public void checkInputs() {
            // generated data: nothing to check
        }
    }

    /** TPC-H Q3 over an embedded PostgreSQL (customer, orders) and an embedded Kafka topic (lineitem events). */
    record OrdersDemoJob(double scaleFactor) implements ExampleJob {
        @Override
        public String name() {
            return "orders-demo";
        }

        @Override
        public Dataset<Row> build(Pipeline pipeline) {
            throw new IllegalStateException("the orders demo builds its pipeline after prepare() started its servers");
        }

        @Override
        public Prepared prepare(Weft weft) {
            OrdersDemo demo = OrdersDemo.start(weft, scaleFactor);
            return new Prepared(demo::build, demo::close);
        }

        @Override
        public void checkInputs() {
            // generated data loaded into embedded servers: nothing to check
        }
    }
}
