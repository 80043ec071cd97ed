package dev.weft.bench;

import dev.weft.channels.Batches;
import dev.weft.channels.InProcessChannel;
import dev.weft.channels.IpcFileChannel;
import dev.weft.channels.RefCountedBatch;
import dev.weft.channels.flight.FlightChannelReader;
import dev.weft.channels.flight.FlightChannelWriter;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightJobChannels;
import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import dev.weft.flight.FlightServiceConfig;
import dev.weft.flight.WeftFlightServer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.Action;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hands ~400 MB of BIGINT+VARCHAR batches (64K rows each) from a producer to a consumer, each way Weft or Wayang can:
 * the in-process channel (by reference), Arrow Flight through Weft's server over loopback (one stream; two streams in
 * parallel), an Arrow IPC file, and a text temp file with one row a line (Wayang's way between engines). Producer and
 * consumer run at the same time where the channel allows it; a file is written, then read. Every consumer checks the
 * rows it got. Run: {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx6g -jar jmh-bench/target/benchmarks.jar HandOffBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx6g"})
public class HandOffBenchmark {
    private static final int ROWS_PER_BATCH = 65_536;
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    @Param("400")
    public int megabytes;

    private RootAllocator allocator;
    private BufferAllocator sourceAllocator;
    private BufferAllocator clientAllocator;
    private List<VectorSchemaRoot> batches;
    private long rows;
    private long bytes;
    private Path directory;
    private WeftFlightServer server;
    private FlightClientPool clients;
    private final AtomicLong jobs = new AtomicLong();
    private boolean memoryReported;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        allocator = new RootAllocator(Long.MAX_VALUE);
        sourceAllocator = allocator.newChildAllocator("source", 0, Long.MAX_VALUE);
        clientAllocator = allocator.newChildAllocator("clients", 0, Long.MAX_VALUE);
        batches = new ArrayList<>();
        long target = (long) megabytes << 20;
        long id = 0;
        while (bytes < target) {
            VectorSchemaRoot batch = generate(id, sourceAllocator);
            id += batch.getRowCount();
            bytes += Batches.sizeInBytes(batch);
            batches.add(batch);
        }
        rows = id;
        directory = Files.createTempDirectory("weft-handoff-bench");
        server = WeftFlightServer.start(FlightServiceConfig.builder()
                .memoryBudgetBytes(2L << 30)
                .spillDirectory(directory.resolve("flight-spill"))
                .build());
        clients = new FlightClientPool(clientAllocator, FlightCredentials.none());
        System.out.printf("%nhand-off of %d batches, %d rows, %d bytes of Arrow buffers%n", batches.size(), rows, bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        clients.close();
        server.close();
        batches.forEach(VectorSchemaRoot::close);
        clientAllocator.close();
        sourceAllocator.close();
        allocator.close();
        try (var files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The in-process channel: batches move by reference, a consumer thread takes them. */
    @Benchmark
    public long inProcessChannel() throws Exception {
        try (InProcessChannel channel = new InProcessChannel("bench", 8)) {
            CompletableFuture<Long> consumer = CompletableFuture.supplyAsync(() -> {
                long seen = 0;
                Optional<RefCountedBatch> next;
                while ((next = channel.take()).isPresent()) {
                    try (RefCountedBatch batch = next.get()) {
                        seen += checksum(batch.root());
                    }
                }
                return seen;
            });
            for (VectorSchemaRoot batch : batches) {
                channel.write(share(batch, clientAllocator));
            }
            channel.complete();
            return verify(consumer.get());
        }
    }

    @Benchmark
    public long flightOneStream() throws Exception {
        return flight(1);
    }

    @Benchmark
    public long flightTwoStreams() throws Exception {
        return flight(2);
    }

    /** DoPut of each partition into Weft's Flight server while a consumer DoGets it, over loopback. */
    private long flight(int streams) throws Exception {
        FlightStreamId stream = new FlightStreamId("bench-" + jobs.incrementAndGet(), "stage-1", "out");
        List<CompletableFuture<Long>> consumers = new ArrayList<>();
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int p = 0; p < streams; p++) {
            int partition = p;
            FlightPartitionId id = new FlightPartitionId(stream, partition);
            FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), id, streams, SCHEMA, clientAllocator);
            producers.add(CompletableFuture.runAsync(() -> {
                try (writer) {
                    for (int i = partition; i < batches.size(); i += streams) {
                        writer.write(share(batches.get(i), clientAllocator));
                    }
                    writer.complete();
                }
            }));
            awaitHosted(stream);
            consumers.add(CompletableFuture.supplyAsync(() -> {
                long seen = 0;
                try (FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), id, clientAllocator)) {
                    for (VectorSchemaRoot batch = reader.next(); batch != null; batch = reader.next()) {
                        try (VectorSchemaRoot received = batch) {
                            seen += checksum(received);
                        }
                    }
                }
                return seen;
            }));
        }
        long seen = 0;
        for (CompletableFuture<Void> producer : producers) {
            producer.get();
        }
        for (CompletableFuture<Long> consumer : consumers) {
            seen += consumer.get();
        }
        if (streams == 1 && !memoryReported) {
            memoryReported = true;
            long stored = server.store().info(stream).orElseThrow().bytes();
            System.out.printf("%nFlight server memory held per byte stored: %.4f (%d held for %d bytes stored)%n",
                    (double) server.store().memoryUsed() / stored, server.store().memoryUsed(), stored);
        }
        clients.client(server.location()).doAction(new Action(FlightJobChannels.DROP_JOB, stream.job().getBytes(StandardCharsets.UTF_8)))
                .forEachRemaining(result -> { });
        return verify(seen);
    }

    /** A consumer that asks before the producer's first DoPut arrived gets NOT_FOUND: wait until the server hosts it. */
    private void awaitHosted(FlightStreamId stream) {
        while (server.store().info(stream).isEmpty()) {
            Thread.onSpinWait();
        }
    }

    /** Arrow IPC file: written whole, then read. */
    @Benchmark
    public long arrowIpcFile() {
        Path file = directory.resolve("handoff.arrow");
        try (IpcFileChannel.Writer writer = IpcFileChannel.openWriter(file, SCHEMA, clientAllocator)) {
            for (VectorSchemaRoot batch : batches) {
                writer.write(batch);
            }
        }
        long seen = 0;
        try (IpcFileChannel.Reader reader = IpcFileChannel.openReader(file, clientAllocator)) {
            while (reader.next()) {
                seen += checksum(reader.root());
            }
        }
        delete(file);
        return verify(seen);
    }

    /** Wayang's hand-off between engines: one row a line in a text file, written whole, then read and parsed into batches. */
    @Benchmark
    public long textTempFile() throws IOException {
        Path file = directory.resolve("handoff.txt");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(64);
            for (VectorSchemaRoot batch : batches) {
                BigIntVector ids = (BigIntVector) batch.getVector(0);
                VarCharVector names = (VarCharVector) batch.getVector(1);
                for (int row = 0; row < batch.getRowCount(); row++) {
                    line.setLength(0);
                    line.append(ids.get(row)).append('\t');
                    if (!names.isNull(row)) {
                        line.append(new String(names.get(row), StandardCharsets.UTF_8));
                    }
                    out.append(line).append('\n');
                }
            }
        }
        long seen = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, clientAllocator)) {
            BigIntVector ids = (BigIntVector) batch.getVector(0);
            VarCharVector names = (VarCharVector) batch.getVector(1);
            int row = 0;
            String line;
            while ((line = in.readLine()) != null) {
                int tab = line.indexOf('\t');
                ids.setSafe(row, Long.parseLong(line, 0, tab, 10));
                if (tab + 1 < line.length()) {
                    names.setSafe(row, line.substring(tab + 1).getBytes(StandardCharsets.UTF_8));
                } else {
                    names.setNull(row);
                }
                if (++row == ROWS_PER_BATCH) {
                    batch.setRowCount(row);
                    seen += checksum(batch);
                    row = 0;
                }
            }
            batch.setRowCount(row);
            seen += checksum(batch);
        }
        delete(file);
        return verify(seen);
    }

    /** A new root over the same buffers (reference counted, nothing copied): what a producer hands over. */
    private static VectorSchemaRoot share(VectorSchemaRoot batch, BufferAllocator allocator) {
        VectorSchemaRoot shared = VectorSchemaRoot.create(batch.getSchema(), allocator);
        try (ArrowRecordBatch record = new VectorUnloader(batch).getRecordBatch()) {
            new VectorLoader(shared).load(record);
        }
        return shared;
    }

    /** Sum of ids plus row count: the consumer touches every id. */
    private static long checksum(VectorSchemaRoot batch) {
        BigIntVector ids = (BigIntVector) batch.getVector(0);
        long sum = 0;
        for (int row = 0; row < batch.getRowCount(); row++) {
            sum += ids.get(row);
        }
        return sum + batch.getRowCount();
    }

    private long verify(long seen) {
        long expected = rows * (rows - 1) / 2 + rows;
        if (seen != expected) {
            throw new IllegalStateException("consumer saw checksum %d, expected %d".formatted(seen, expected));
        }
        return seen;
    }

    private static VectorSchemaRoot generate(long firstId, BufferAllocator allocator) {
        VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector ids = (BigIntVector) batch.getVector(0);
        VarCharVector names = (VarCharVector) batch.getVector(1);
        ids.allocateNew(ROWS_PER_BATCH);
        names.allocateNew(ROWS_PER_BATCH * 24L, ROWS_PER_BATCH);
        for (int row = 0; row < ROWS_PER_BATCH; row++) {
            long id = firstId + row;
            ids.set(row, id);
            if (id % 97 == 0) {
                names.setNull(row);
            } else {
                names.setSafe(row, ("customer-" + Long.toString(id * 2654435761L, 36)).getBytes(StandardCharsets.UTF_8));
            }
        }
        batch.setRowCount(ROWS_PER_BATCH);
        return batch;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
