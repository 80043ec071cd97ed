package dev.weft.conformance;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.conformance.ConformanceAssertions.assertSameElements;
import static dev.weft.conformance.ConformanceAssertions.values;
import static dev.weft.conformance.ConformanceAssertions.valuesOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import dev.weft.conformance.ConformanceRecords.KeyValue;
import dev.weft.conformance.ConformanceRecords.Measurement;
import dev.weft.conformance.ConformanceRecords.Person;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Sources: collections, rows, text and CSV files, TPC-H tables, the generator. */
public interface SourceConformance extends ConformanceHarness {
    @Test
    default void collectionOfRecords() {
        List<Person> people = ConformanceData.people();
        assertSameElements(collect(pipeline().fromCollection(people, Person.class)), people);
    }

    @Test
    default void emptyCollection() {
        assertThat(collect(pipeline().fromCollection(List.of(), Person.class))).isEmpty();
    }

    @Test
    default void oneElementCollection() {
        assertThat(collect(pipeline().fromCollection(List.of("only"), String.class))).containsExactly("only");
    }

    @Test
    default void collectionOfScalarsWithNulls() {
        List<Integer> numbers = Arrays.asList(1, null, 3, null, -5);
        assertSameElements(collect(pipeline().fromCollection(numbers, Integer.class)), numbers);
    }

    @Test
    default void collectionOfManyBatches() {
        List<KeyValue> pairs = ConformanceData.randomKeyValues(ConformanceData.LARGE, 1_000, 1);
        assertSameElements(collect(pipeline().fromCollection(pairs, KeyValue.class)), pairs);
    }

    @Test
    default void rowsWithSchema() {
        Schema schema = new Schema(List.of(DataTypes.field("id", DataTypes.INT64, false),
                DataTypes.field("name", DataTypes.STRING, true), DataTypes.field("day", DataTypes.DATE, true)));
        List<Row> rows = List.of(Row.of(schema, 1L, "a", LocalDate.of(2024, 1, 1)), Row.of(schema, 2L, null, null),
                Row.of(schema, 3L, "c", LocalDate.of(1970, 1, 1)));
        List<Row> actual = collect(pipeline().fromRows(rows, schema));
        assertSameElements(valuesOf(actual), valuesOf(rows));
    }

    @Test
    default void textFileLines() throws IOException {
        Path file = directory().resolve("lines.txt");
        Files.writeString(file, "first\n\nthird, with a comma\r\nünïcödé ✓\nlast", StandardCharsets.UTF_8);
        List<String> lines = collect(pipeline().readText(file));
        assertSameElements(lines, List.of("first", "", "third, with a comma", "ünïcödé ✓", "last"));
    }

    @Test
    default void textFilesOfDirectory() throws IOException {
        Path folder = Files.createDirectories(directory().resolve("parts"));
        Files.writeString(folder.resolve("part-0.txt"), "a\nb\n");
        Files.writeString(folder.resolve("part-1.txt"), "c\n");
        Files.writeString(folder.resolve("part-2.txt"), "");
        assertSameElements(collect(pipeline().readText(folder)), List.of("a", "b", "c"));
    }

    @Test
    default void emptyTextFile() throws IOException {
        Path file = Files.writeString(directory().resolve("empty.txt"), "");
        assertThat(collect(pipeline().readText(file))).isEmpty();
    }

    @Test
    default void largeTextFile() throws IOException {
        List<String> lines = ConformanceData.range(ConformanceData.LARGE).stream().map(i -> "line " + i).toList();
        Path file = Files.write(directory().resolve("large.txt"), lines);
        assertSameElements(collect(pipeline().readText(file)), lines);
    }

    @Test
    default void csvWithHeaderQuotesAndNulls() throws IOException {
        Path file = directory().resolve("measurements.csv");
        Files.writeString(file, """
                id,name,score,day,amount
                1,Ada,1.5,2024-01-31,12.50
                2,"Lovelace, Ada",,2024-02-29,-3.25
                3,"say ""hi""\",2.0,,0.00
                4,,3.25,1999-12-31,
                5,"",0.5,2000-01-01,100.00
                """);
        List<Measurement> actual = collect(pipeline().readCsv(file, Measurement.class, CsvFormat.DEFAULT));
        assertSameElements(actual, List.of(
                new Measurement(1, "Ada", 1.5, LocalDate.of(2024, 1, 31), new BigDecimal("12.50")),
                new Measurement(2, "Lovelace, Ada", null, LocalDate.of(2024, 2, 29), new BigDecimal("-3.25")),
                new Measurement(3, "say \"hi\"", 2.0, null, new BigDecimal("0.00")),
                new Measurement(4, null, 3.25, LocalDate.of(1999, 12, 31), null),
                new Measurement(5, "", 0.5, LocalDate.of(2000, 1, 1), new BigDecimal("100.00"))));
    }

    @Test
    default void csvWithDelimiterNullTextAndNoHeader() throws IOException {
        Path file = directory().resolve("measurements.txt");
        Files.writeString(file, "7;Grace;NULL;2024-03-01;1.00\n8;NULL;9.75;NULL;NULL\n");
        CsvFormat format = CsvFormat.DEFAULT.withDelimiter(';').withHeader(false).withNullValue("NULL");
        List<Measurement> actual = collect(pipeline().readCsv(file, Measurement.class, format));
        assertSameElements(actual, List.of(
                new Measurement(7, "Grace", null, LocalDate.of(2024, 3, 1), new BigDecimal("1.00")),
                new Measurement(8, null, 9.75, null, null)));
    }

    @Test
    default void csvIntoRows() throws IOException {
        Path file = Files.writeString(directory().resolve("pairs.csv"), "key,value\n1,10\n2,\n,30\n");
        Schema schema = new Schema(List.of(DataTypes.field("key", DataTypes.INT32, true),
                DataTypes.field("value", DataTypes.INT64, true)));
        List<Row> rows = collect(pipeline().readCsv(file, schema, CsvFormat.DEFAULT));
        assertSameElements(valuesOf(rows), List.of(values(1, 10L), values(2, null), values(null, 30L)));
    }

    @Test
    default void csvOfManyBatches() throws IOException {
        List<KeyValue> pairs = ConformanceData.randomKeyValues(ConformanceData.LARGE, 1_000, 2);
        List<String> lines = new ArrayList<>();
        lines.add("key,value");
        pairs.forEach(pair -> lines.add(pair.key() + "," + pair.value()));
        Path file = Files.write(directory().resolve("pairs.csv"), lines);
        assertSameElements(collect(pipeline().readCsv(file, KeyValue.class, CsvFormat.DEFAULT)), pairs);
    }

    @Test
    default void tpchRegionAndNation() {
        Pipeline pipeline = pipeline();
        Collected<Row> regions = pipeline.readTpch("region", 0.01).collect();
        Collected<Row> nations = pipeline.readTpch("nation", 0.01).collect();
        Collected<Row> joined = pipeline.readTpch("nation", 0.01)
                .join(pipeline.readTpch("region", 0.01), JoinKeys.on("n_regionkey", "r_regionkey"))
                .select(col("n_name"), col("r_name"))
                .collect();
        ConformanceStageContext result = run(pipeline);

        List<Row> regionRows = result.elements(regions);
        List<Row> nationRows = result.elements(nations);
        assertThat(regionRows).extracting(r -> r.getString("r_name"))
                .containsExactlyInAnyOrder("AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST");
        assertThat(regionRows).extracting(r -> r.getLong("r_regionkey")).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
        assertThat(nationRows).hasSize(25);
        assertThat(nationRows).extracting(r -> r.getLong("n_nationkey")).doesNotHaveDuplicates().allMatch(k -> k >= 0 && k < 25);
        assertThat(nationRows).filteredOn(r -> r.getLong("n_nationkey") == 0).extracting(r -> r.getString("n_name"))
                .containsExactly("ALGERIA");

        Map<Long, String> regionNames = regionRows.stream()
                .collect(Collectors.toMap(r -> r.getLong("r_regionkey"), r -> r.getString("r_name")));
        List<List<Object>> expected = nationRows.stream()
                .map(n -> values(n.getString("n_name"), regionNames.get(n.getLong("n_regionkey")))).toList();
        assertSameElements(valuesOf(result.elements(joined)), expected);
    }

    @Test
    default void tpchOrdersRowCount() {
        Pipeline pipeline = pipeline();
        Collected<Long> count = pipeline.readTpch("orders", 0.01).count().collect();
        Collected<Long> distinctKeys = pipeline.readTpch("orders", 0.01).select("o_orderkey").distinct().count().collect();
        ConformanceStageContext result = run(pipeline);
        assertThat(result.elements(count)).containsExactly(15_000L);
        assertThat(result.elements(distinctKeys)).containsExactly(15_000L);
    }

    @Test
    default void generatorCountsFromZero() {
        assertSameElements(collect(pipeline().generate(ConformanceData.LARGE, 0)), ConformanceData.range(ConformanceData.LARGE));
    }

    @Test
    default void generatorOfNothing() {
        assertThat(collect(pipeline().generate(0, 0))).isEmpty();
    }
}
