package dev.weft.adaptive.calibrate;

import static dev.weft.api.expr.Expressions.col;

import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.plan.StageSplitter;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.Stage;
import dev.weft.channels.Batches;
import dev.weft.channels.flight.FlightChannelReader;
import dev.weft.channels.flight.FlightChannelWriter;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightJobChannels;
import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import dev.weft.channels.local.InProcessJobChannels;
import dev.weft.flight.FlightServiceConfig;
import dev.weft.flight.WeftFlightServer;
import dev.weft.optimizer.cost.CostProfile.ChannelCost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.Action;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Measures the channels between stages by moving M MiB of Arrow batches (64k rows of a long and a short string) from a
 * writer to a reader, and a one-row batch for the fixed set-up cost.
 *
 * <ul>
 *   <li>{@code flight}: a DoPut into a Weft Flight server on loopback (bearer token, as the driver's embedded one)
 *       while a DoGet reads the partition, both in this JVM: serialisation, gRPC over loopback, the server's store.</li>
 *   <li>{@code in-process}: the driver's {@link InProcessJobChannels} of a two-stage job: the batches are written to
 *       the stage output (kept by reference), the stage is completed, and the stage input's partition is read.</li>
 * </ul>
 * The time measured is one writer-to-reader pass; it is split evenly into "ns-per-byte-out" and "ns-per-byte-in"
 * (writer and reader overlap, so their shares cannot be separated by wall time). "setup-ms" is the median time of
 * moving the one-row batch; the per-byte figure is {@code (median(t_M) - setup) / bytes}.
 */
final class ChannelProbes implements AutoCloseable {
    private static final int ROWS_PER_BATCH = 65_536;
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    private final BufferAllocator allocator;
    private final List<VectorSchemaRoot> batches = new ArrayList<>();
    private final VectorSchemaRoot tiny;
    private final long bytes;
    private final AtomicLong streams = new AtomicLong();
    private final LocalStages local = LocalStages.create();

    ChannelProbes(BufferAllocator parent, int megabytes) {
        this.allocator = parent.newChildAllocator("calibration-channels", 0, Long.MAX_VALUE);
        long target = (long) megabytes << 20;
        long total = 0;
        long id = 0;
        try {
            while (total < target) {
                VectorSchemaRoot batch = generate(id, ROWS_PER_BATCH);
                batches.add(batch);
                id += batch.getRowCount();
                total += Batches.sizeInBytes(batch);
            }
            this.tiny = generate(0, 1);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.bytes = total;
    }

    long bytes() {
        return bytes;
    }

    /** In-process: write every batch to a stage output of {@link InProcessJobChannels}, complete it, read it back. */
    Measured inProcess(int runs, int warmUps) {
        return measure(runs, warmUps, this::inProcessPass);
    }

    /** Flight: one DoPut and one concurrent DoGet of the partition per pass, over loopback. */
    Measured flight(int runs, int warmUps, Path spillDirectory) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (WeftFlightServer server = WeftFlightServer.start(FlightServiceConfig.builder()
                .memoryBudgetBytes(Math.max(256L << 20, 2 * bytes))
                .spillDirectory(spillDirectory)
                .tokens(Set.of(token))
                .build());
             BufferAllocator clientAllocator = allocator.newChildAllocator("calibration-flight-clients", 0, Long.MAX_VALUE);
             FlightClientPool clients = new FlightClientPool(clientAllocator, FlightCredentials.bearer(token))) {
            return measure(runs, warmUps, data -> flightPass(server, clients, clientAllocator, data));
        }
    }

    private Measured measure(int runs, int warmUps, Pass pass) {
        List<VectorSchemaRoot> one = List.of(tiny);
        for (int i = 0; i < warmUps; i++) {
            pass.run(one);
            pass.run(batches);
        }
        List<Double> setup = new ArrayList<>();
        List<Double> full = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            setup.add(timeMillis(() -> pass.run(one)));
            full.add(timeMillis(() -> pass.run(batches)));
        }
        double setupMillis = Medians.of(setup);
        double fullMillis = Medians.of(full);
        double nanosPerByte = Math.max(0, (fullMillis - setupMillis) * 1e6 / bytes);
        return new Measured(new ChannelCost(nanosPerByte / 2, nanosPerByte / 2, setupMillis), fullMillis, bytes);
    }

    private void inProcessPass(List<VectorSchemaRoot> data) {
        try (InProcessJobChannels channels = new InProcessJobChannels("calibration-" + streams.incrementAndGet(), local.stages())) {
            channels.openStage(local.producer());
            BatchWriter writer = channels.output(local.sink(), local.producer().id()).partition(0);
            for (VectorSchemaRoot batch : data) {
                writer.write(share(batch, allocator));
            }
            channels.completeStage(local.producer().id());
            long rows = 0;
            try (BatchReader reader = channels.input(local.source(), allocator).open(0)) {
                for (VectorSchemaRoot batch = reader.next(); batch != null; batch = reader.next()) {
                    try (VectorSchemaRoot received = batch) {
                        rows += received.getRowCount();
                    }
                }
            }
            check(rows, data);
        }
    }

    /** A job of two stages cut between a source and a projection: the stage output and input the in-process probe uses. */
    private record LocalStages(List<Stage> stages, Stage producer, StageOutputSink sink, StageInputSource source) {
        static LocalStages create() {
            Pipeline pipeline = Pipeline.create("calibration-channel");
            pipeline.fromRows(List.of(), SCHEMA).select(col("id"), col("name")).collect();
            List<Stage> stages = StageSplitter.split(pipeline.plan(), "calibration", 1, (producer, consumer) -> producer instanceof CollectionSource);
            for (Stage stage : stages) {
                for (SinkOperator sink : stage.sinks()) {
                    if (sink instanceof StageOutputSink output) {
                        StageInputSource source = stages.stream().flatMap(s -> s.operators().stream())
                                .filter(StageInputSource.class::isInstance).map(StageInputSource.class::cast)
                                .filter(input -> input.channel().equals(output.channel()))
                                .findFirst().orElseThrow();
                        return new LocalStages(stages, stage, output, source);
                    }
                }
            }
            throw new IllegalStateException("the calibration's two-stage job has no stage output");
        }
    }

    private void flightPass(WeftFlightServer server, FlightClientPool clients, BufferAllocator clientAllocator, List<VectorSchemaRoot> data) {
        FlightStreamId stream = new FlightStreamId("calibration-" + streams.incrementAndGet(), "stage-1", "out");
        FlightPartitionId id = new FlightPartitionId(stream, 0);
        FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), id, 1, SCHEMA, clientAllocator);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try (writer) {
                for (VectorSchemaRoot batch : data) {
                    writer.write(share(batch, clientAllocator));
                }
                writer.complete();
            }
        });
        try {
            while (server.store().info(stream).isEmpty() && !producer.isDone()) {
                Thread.onSpinWait();
            }
            long rows = 0;
            try (FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), id, clientAllocator)) {
                for (VectorSchemaRoot batch = reader.next(); batch != null; batch = reader.next()) {
                    try (VectorSchemaRoot received = batch) {
                        rows += received.getRowCount();
                    }
                }
            }
            producer.get();
            check(rows, data);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeftException(ErrorCode.JOB_CANCELLED, "calibration of the flight channel was interrupted", e);
        } catch (ExecutionException e) {
            throw new WeftException(ErrorCode.CHANNEL_FAILED, "calibration of the flight channel failed: " + e.getCause(), e.getCause());
        } finally {
            clients.client(server.location()).doAction(new Action(FlightJobChannels.DROP_JOB, stream.job().getBytes(StandardCharsets.UTF_8)), clients.credentials().callOptions())
                    .forEachRemaining(result -> { });
        }
    }

    private static void check(long rows, List<VectorSchemaRoot> data) {
        long expected = data.stream().mapToLong(VectorSchemaRoot::getRowCount).sum();
        if (rows != expected) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "channel calibration moved %d rows, expected %d".formatted(rows, expected));
        }
    }

    /** A new root over the same buffers (reference counted, nothing copied): what a producer hands to a writer. */
    private static VectorSchemaRoot share(VectorSchemaRoot batch, BufferAllocator allocator) {
        VectorSchemaRoot shared = VectorSchemaRoot.create(batch.getSchema(), allocator);
        try (ArrowRecordBatch record = new VectorUnloader(batch).getRecordBatch()) {
            new VectorLoader(shared).load(record);
        }
        return shared;
    }

    private VectorSchemaRoot generate(long firstId, int rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector ids = (BigIntVector) root.getVector(0);
        VarCharVector names = (VarCharVector) root.getVector(1);
        ids.allocateNew(rows);
        names.allocateNew(rows * 16L, rows);
        for (int i = 0; i < rows; i++) {
            ids.set(i, firstId + i);
            names.setSafe(i, ("name-" + (firstId + i)).getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(rows);
        return root;
    }

    private static double timeMillis(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e6;
    }

    @Override
    public void close() {
        batches.forEach(VectorSchemaRoot::close);
        batches.clear();
        if (tiny != null) {
            tiny.close();
        }
        allocator.close();
    }

    @FunctionalInterface
    private interface Pass {
        void run(List<VectorSchemaRoot> data);
    }

    /** The channel's constants, and the median time of moving {@code bytes} for the summary. */
    record Measured(ChannelCost cost, double medianMillis, long bytes) {}
}
