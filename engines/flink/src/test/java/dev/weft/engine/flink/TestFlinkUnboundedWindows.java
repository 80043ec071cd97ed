package dev.weft.engine.flink;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.plan.Window;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.Stage;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightStreamId;
import dev.weft.channels.flight.RemoteStream;
import dev.weft.flight.FlightServiceConfig;
import dev.weft.flight.WeftFlightServer;
import dev.weft.host.io.RemoteStreams;
import dev.weft.host.spi.HostSettings;
import dev.weft.host.spi.HostStage;
import dev.weft.kernels.rows.RowBatches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unbounded stage on the Flink runner (in this JVM, on its own MiniCluster): a rate generator, event time from a
 * column, a tumbling-window aggregate, collected through a Flight stream that the test reads while the job runs; the
 * stage ends only when cancelled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestFlinkUnboundedWindows {
    /** One event every 100 ms of event time: ten per one-second window, five of each parity. */
    public record Tick(long id, long parity, Instant at) {
    }

    private WeftFlightServer server;
    private FlinkStageRunner runner;
    private ExecutionSettings settings;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        server = WeftFlightServer.start(FlightServiceConfig.builder().memoryBudgetBytes(64L << 20)
                .spillDirectory(Files.createDirectories(directory.resolve("flight-spill"))).build());
        settings = new ExecutionSettings(2, 64L << 20, Files.createDirectories(directory.resolve("spill")), 4096);
        runner = new FlinkStageRunner();
        runner.start(new HostSettings("flink", Map.of(), settings, directory, getClass().getClassLoader(), List.of()));
    }

    @AfterAll
    void stop() throws Exception {
        runner.close();
        server.close();
    }

    @Test
    @Timeout(120)
    void tumblingWindowCountsOnAGeneratedStream() throws Exception {
        Pipeline pipeline = Pipeline.create("unbounded");
        pipeline.generateUnbounded(400)
                .map(id -> new Tick(id, id % 2, Instant.ofEpochMilli(id * 100)), Tick.class)
                .withWatermark("at", Duration.ZERO)
                .groupBy("parity")
                .window(Window.tumbling(Duration.ofSeconds(1)))
                .aggregate(count().as("events"), sum(col("id")).as("total"))
                .collect();
        Stage stage = new Stage("s1", pipeline.plan().sinks());
        CollectSink sink = (CollectSink) stage.sinks().get(0);
        RemoteStream collect = RemoteStream.of(server.location(), new FlightStreamId("unbounded", "s1", "collect"), 1, sink.schema(),
                FlightCredentials.none());
        TestStage hostStage = new TestStage(stage, collect);
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> runner.run(hostStage));

        List<Object[]> rows = new ArrayList<>();
        try (BufferAllocator allocator = RemoteStreams.allocator("unbounded-test");
             BatchReader reader = openWhenWritten(collect, allocator, rows)) {
            while (rows.size() < 8) {
                VectorSchemaRoot batch = reader.next();
                assertThat(batch).as("the collect stream ended while the job runs").isNotNull();
                try (batch) {
                    rows.addAll(RowBatches.rows(batch));
                }
            }
            hostStage.cancelled = true;
            runner.cancel(hostStage.key());
            assertThatThrownBy(() -> running.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(WeftException.class)
                    .cause().satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.JOB_CANCELLED));
        }
        for (Object[] row : rows) {
            Instant start = (Instant) row[0];
            Instant end = (Instant) row[1];
            assertThat(Duration.between(start, end)).isEqualTo(Duration.ofSeconds(1));
            assertThat(start.toEpochMilli() % 1000).isZero();
            long parity = (Long) row[2];
            // ids of the window: start/100 .. start/100 + 9; five of the parity
            long first = start.toEpochMilli() / 100;
            long expectedTotal = 0;
            for (long id = first; id < first + 10; id++) {
                expectedTotal += id % 2 == parity ? id : 0;
            }
            assertThat(row[3]).as("events of window %s parity %d", start, parity).isEqualTo(5L);
            assertThat(row[4]).as("total of window %s parity %d", start, parity).isEqualTo(expectedTotal);
        }
    }

    /** The partition once the job's sink started writing it (the server knows a stream from its first DoPut). */
    private static BatchReader openWhenWritten(RemoteStream stream, BufferAllocator allocator, List<Object[]> rows) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            BatchReader reader = RemoteStreams.open(stream, 0, allocator);
            try {
                VectorSchemaRoot first = reader.next();
                if (first != null) {
                    try (first) {
                        rows.addAll(RowBatches.rows(first));
                    }
                }
                return reader;
            } catch (WeftException e) {
                reader.close();
                if (System.nanoTime() > deadline || !String.valueOf(e.getMessage()).contains("not hosted here")) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** A stage whose only sink is collected to a stream of the test's Flight server. */
    private final class TestStage implements HostStage {
        private final Stage stage;
        private final RemoteStream collect;
        private volatile boolean cancelled;

        TestStage(Stage stage, RemoteStream collect) {
            this.stage = stage;
            this.collect = collect;
        }

        @Override
        public String key() {
            return "unbounded/s1";
        }

        @Override
        public Stage stage() {
            return stage;
        }

        @Override
        public ExecutionSettings settings() {
            return settings;
        }

        @Override
        public RemoteStream input(StageInputSource source) {
            throw new UnsupportedOperationException("no stage inputs");
        }

        @Override
        public RemoteStream output(StageOutputSink sink) {
            throw new UnsupportedOperationException("no stage outputs");
        }

        @Override
        public RemoteStream collect(CollectSink sink) {
            return collect;
        }

        @Override
        public void addMetrics(int operatorId, long rows, long bytes) {
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
