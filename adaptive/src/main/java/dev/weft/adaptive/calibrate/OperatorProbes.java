package dev.weft.adaptive.calibrate;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.desc;
import static dev.weft.api.expr.Expressions.sum;

import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.types.DataTypes;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The measurement of each operator kind that can be measured alone, as a {@link Probe}: the operator between a
 * generator of N longs and a {@code count} (whose own cost is negligible: it adds batch row counts), against the same
 * pipeline without the operator. Sources are measured against a one-record run of the same source, sinks against
 * {@code count}, binary operators against two independent branches of N records each.
 *
 * <p>Kinds that cannot be measured alone are {@link #DERIVED derived}, each with the rule written next to it.
 */
final class OperatorProbes {
    /** The per-record cost no measurement may go below (ns): a difference of medians can be zero or negative in noise. */
    static final double FLOOR_NANOS_PER_RECORD = 0.1;
    /** Keys of the group-by probes: N records fall into this many groups. */
    static final long GROUPS = 1024;
    /** Rows of TPC-H lineitem per scale factor 1 (the generator's count at SF 1). */
    static final double LINEITEM_ROWS_PER_SCALE_FACTOR = 6_001_215;
    /** TPC-H generation is slow: its probe reads lineitem with N / this many rows. */
    static final long TPCH_DIVISOR = 10;
    /** The generator divides by zero below this scale factor (about 6000 lineitem rows). */
    static final double MIN_TPCH_SCALE_FACTOR = 0.001;

    /**
     * Kinds measured through another one or set to the floor, with the reason. A derived kind takes the measured
     * per-record cost of the kind named (or the floor when the value is {@code ""}).
     */
    static final Map<String, Derivation> DERIVED = Map.of(
            "count", new Derivation("", "adds the row counts of batches: below measurement resolution, set to the floor"),
            "loop-input", new Derivation("", "hands the loop's input batches to the body by reference: set to the floor"),
            "stage-input-source", new Derivation("", "reads Arrow batches from a channel: the movement is costed by the channel's per-byte figures, the operator itself is set to the floor"),
            "stage-output-sink", new Derivation("", "writes Arrow batches to a channel: the movement is costed by the channel's per-byte figures, the operator itself is set to the floor"),
            "watermark", new Derivation("map", "needs an event-time column and an unbounded run to do work; taken as equal to map (one pass over each record)"));

    /** A derived kind: equal to {@code from}'s measured cost, or the floor if {@code from} is empty. */
    record Derivation(String from, String reason) {}

    private final long n;
    private final Path directory;
    private final Path textFile;
    private final Path csvFile;
    private final Path tinyTextFile;
    private final Path tinyCsvFile;
    private final List<Long> collection;
    private final AtomicInteger outputs = new AtomicInteger();

    private OperatorProbes(long n, Path directory) {
        this.n = n;
        this.directory = directory;
        this.textFile = directory.resolve("input.txt");
        this.csvFile = directory.resolve("input.csv");
        this.tinyTextFile = directory.resolve("tiny.txt");
        this.tinyCsvFile = directory.resolve("tiny.csv");
        this.collection = LongStream.range(0, n).boxed().toList();
    }

    /** Writes the input files of the file-source probes into {@code directory} (the caller deletes it). */
    static OperatorProbes create(long records, Path directory) {
        OperatorProbes probes = new OperatorProbes(records, directory);
        probes.writeInputs();
        return probes;
    }

    private void writeInputs() {
        try {
            writeLines(textFile, n, i -> "line %09d of the calibration text".formatted(i));
            writeLines(tinyTextFile, 1, i -> "line %09d of the calibration text".formatted(i));
            writeLines(csvFile, n, i -> i == -1 ? "id,name" : "%d,name-%d".formatted(i, i));
            writeLines(tinyCsvFile, 1, i -> i == -1 ? "id,name" : "%d,name-%d".formatted(i, i));
        } catch (IOException e) {
            throw new WeftException(ErrorCode.IO_ERROR, "cannot write the calibration's input files in %s: %s".formatted(directory, e), e);
        }
    }

    private static void writeLines(Path file, long count, java.util.function.LongFunction<String> line) throws IOException {
        boolean csv = file.getFileName().toString().endsWith(".csv");
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (csv) {
                writer.write(line.apply(-1));
                writer.newLine();
            }
            for (long i = 0; i < count; i++) {
                writer.write(line.apply(i));
                writer.newLine();
            }
        }
    }

    /** Bytes of the N-line text input (for the summary). */
    long textBytes() {
        try {
            return Files.size(textFile);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Every probe, by kind, in a fixed order. */
    Map<String, Probe> all() {
        Map<String, Probe> probes = new LinkedHashMap<>();
        for (Probe probe : list()) {
            probes.put(probe.kind(), probe);
        }
        return probes;
    }

    private List<Probe> list() {
        List<Probe> probes = new ArrayList<>();
        // Sources: N records against one record of the same source, both counted.
        probes.add(new Probe("generator-source", "generate(N) -> count vs generate(1) -> count",
                p -> counted(p.generate(n, 0)), p -> counted(p.generate(1, 0)), n));
        probes.add(new Probe("collection-source", "fromCollection(N longs) -> count vs fromCollection(1) -> count",
                p -> counted(p.fromCollection(collection, Long.class)), p -> counted(p.fromCollection(List.of(0L), Long.class)), n));
        probes.add(new Probe("text-file-source", "readText(N lines, %d bytes) -> count vs 1 line".formatted(textBytes()),
                p -> counted(p.readText(textFile)), p -> counted(p.readText(tinyTextFile)), n));
        probes.add(new Probe("csv-file-source", "readCsv(N rows id,name) -> count vs 1 row",
                p -> counted(p.readCsv(csvFile, csvSchema(), CsvFormat.DEFAULT)),
                p -> counted(p.readCsv(tinyCsvFile, csvSchema(), CsvFormat.DEFAULT)), n));
        double scaleFactor = Math.max(MIN_TPCH_SCALE_FACTOR, (double) (n / TPCH_DIVISOR) / LINEITEM_ROWS_PER_SCALE_FACTOR);
        long tpchRows = Math.max(1, Math.round(scaleFactor * LINEITEM_ROWS_PER_SCALE_FACTOR));
        probes.add(new Probe("tpch-source", "readTpch(lineitem, SF %.6f, ~%d rows) -> count vs region (5 rows)".formatted(scaleFactor, tpchRows),
                p -> counted(p.readTpch("lineitem", scaleFactor)), p -> counted(p.readTpch("region", scaleFactor)), tpchRows));

        // Unary operators: generate(N) -> op -> count against generate(N) -> count.
        unary(probes, "map", "map(x + 1)", d -> d.map(x -> x + 1, Long.class));
        unary(probes, "flat-map", "flatMap(emit x once)", d -> d.flatMap((Long x, dev.weft.api.function.Emitter<Long> out) -> out.emit(x), Long.class));
        unary(probes, "filter", "filter(lambda: x even; declarative filters are vectorized and cheaper)", d -> d.filter(x -> (x & 1) == 0));
        unary(probes, "project", "select(value + 1 as v)", d -> d.select(col("value").plus(1L).as("v")));
        unary(probes, "map-partitions", "mapPartitions(identity iterator)", d -> d.mapPartitions(iterator -> iterator, Long.class));
        unary(probes, "distinct", "distinct() over N distinct values", Dataset::distinct);
        unary(probes, "sort", "sort(value desc)", d -> d.sort(desc("value")));
        unary(probes, "limit", "limit(N): every record passes", d -> d.limit(n));
        unary(probes, "top-k", "topK(100, value desc)", d -> d.topK(100, desc("value")));
        unary(probes, "reduce", "reduce(sum)", d -> d.reduce(Long::sum));
        unary(probes, "aggregate", "groupBy(value %% %d).aggregate(sum(value))".formatted(GROUPS),
                d -> d.groupBy(col("value").mod(GROUPS).as("k")).aggregate(sum(col("value")).as("s")));
        unary(probes, "reduce-by-key", "reduceByKey(x %% %d, sum)".formatted(GROUPS), d -> d.reduceByKey(x -> x % GROUPS, Long::sum));
        unary(probes, "sample", "sample(0.5)", d -> d.sample(0.5, 42));
        unary(probes, "zip-with-id", "zipWithId()", Dataset::zipWithId);
        probes.add(new Probe("repeat", "generate(N) -> repeat(1, map(x + 1)) -> count vs generate(N) -> map(x + 1) -> count",
                p -> counted(p.generate(n, 0).repeat(1, d -> d.map(x -> x + 1, Long.class))),
                p -> counted(p.generate(n, 0).map(x -> x + 1, Long.class)), n));
        probes.add(new Probe("do-while", "generate(N) -> doWhile(map(x + 1), stop after 1) -> count vs generate(N) -> map(x + 1) -> count (includes handing the iteration's result to the condition)",
                p -> counted(p.generate(n, 0).doWhile(d -> d.map(x -> x + 1, Long.class), (iteration, result) -> false, 1)),
                p -> counted(p.generate(n, 0).map(x -> x + 1, Long.class)), n));

        // Binary operators: both inputs of N records against the two inputs counted separately; records = 2N.
        binary(probes, "join", "inner join on value = r (1:1 keys)", n,
                (left, right) -> left.join(right, JoinKeys.on("value", "r")));
        probes.add(new Probe("union", "generate(N).union(generate(N)) -> count vs both counted; records 2N",
                p -> counted(p.generate(n, 0).union(p.generate(n, 0))), this::twoCounted, 2 * n));
        probes.add(new Probe("intersect", "generate(N).intersect(generate(N)) (all values common) -> count vs both counted; records 2N",
                p -> counted(p.generate(n, 0).intersect(p.generate(n, 0))), this::twoCounted, 2 * n));
        probes.add(new Probe("co-group", "generate(N).coGroup(generate(N), identity keys) -> count vs both counted; records 2N",
                p -> counted(p.generate(n, 0).coGroup(p.generate(n, 0), x -> x, x -> x,
                        (Long key, Iterable<Long> left, Iterable<Long> right, dev.weft.api.function.Emitter<Long> out) -> out.emit(key), Long.class)),
                this::twoCounted, 2 * n));
        long side = Math.max(2, (long) Math.sqrt((double) n));
        // a cartesian product's work grows with its output: measured per output row, as the cost model charges it
        probes.add(new Probe("cartesian", "cartesian of generate(%d) and generate(%d) -> count vs both counted; records = output rows"
                .formatted(side, side),
                p -> counted(p.generate(side, 0).cartesian(p.generate(side, 0).select(col("value").as("r")))),
                p -> {
                    counted(p.generate(side, 0));
                    counted(p.generate(side, 0).select(col("value").as("r")));
                }, side * side));

        // Sinks: against generate(N) -> count.
        probes.add(new Probe("collect-sink", "generate(N) -> collect vs generate(N) -> count",
                p -> p.generate(n, 0).collect(), p -> counted(p.generate(n, 0)), n));
        probes.add(new Probe("callback-sink", "generate(N) -> forEach(no-op) vs generate(N) -> count",
                p -> p.generate(n, 0).forEach(x -> { }), p -> counted(p.generate(n, 0)), n));
        probes.add(new Probe("text-file-sink", "generate(N) -> map(toString) -> writeText vs ... -> count",
                p -> p.generate(n, 0).map(String::valueOf, String.class).writeText(output("txt")),
                p -> counted(p.generate(n, 0).map(String::valueOf, String.class)), n));
        probes.add(new Probe("csv-file-sink", "generate(N) -> writeCsv vs generate(N) -> count",
                p -> p.generate(n, 0).writeCsv(output("csv")), p -> counted(p.generate(n, 0)), n));
        return probes;
    }

    private void unary(List<Probe> probes, String kind, String what, java.util.function.Function<Dataset<Long>, Dataset<?>> operator) {
        probes.add(new Probe(kind, "generate(N) -> %s -> count vs generate(N) -> count".formatted(what),
                p -> counted(operator.apply(p.generate(n, 0))), p -> counted(p.generate(n, 0)), n));
    }

    /** Right side renamed to "r" in both pipelines so that joins and cartesian products have distinct column names. */
    private void binary(List<Probe> probes, String kind, String what, long perSide,
                        java.util.function.BiFunction<Dataset<Long>, Dataset<?>, Dataset<?>> operator) {
        probes.add(new Probe(kind, "%s of generate(%d) and generate(%d) -> count vs both counted; records = both inputs".formatted(what, perSide, perSide),
                p -> counted(operator.apply(p.generate(perSide, 0), p.generate(perSide, 0).select(col("value").as("r")))),
                p -> {
                    counted(p.generate(perSide, 0));
                    counted(p.generate(perSide, 0).select(col("value").as("r")));
                }, 2 * perSide));
    }

    private void twoCounted(Pipeline p) {
        counted(p.generate(n, 0));
        counted(p.generate(n, 0));
    }

    /** Deletes the files the sink probes wrote. */
    void deleteOutputs() {
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("out-")).toList()) {
                deleteRecursively(file);
            }
        } catch (IOException e) {
            throw new WeftException(ErrorCode.IO_ERROR, "cannot delete the calibration's output files in %s: %s".formatted(directory, e), e);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path each : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        }
    }

    private static void counted(Dataset<?> dataset) {
        dataset.count().collect();
    }

    private Path output(String extension) {
        return directory.resolve("out-%d.%s".formatted(outputs.incrementAndGet(), extension));
    }

    private static Schema csvSchema() {
        return new Schema(List.of(
                Field.notNullable("id", DataTypes.INT64),
                Field.nullable("name", DataTypes.STRING)));
    }
}
