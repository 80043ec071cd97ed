package dev.weft.conformance;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.conformance.ConformanceAssertions.assertSameElements;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.CsvFormat;
import dev.weft.conformance.ConformanceRecords.Person;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sinks: collect, forEach, text and CSV files (read back), several sinks in one stage. */
public interface SinkConformance extends ConformanceHarness {
    @Test
    default void forEachSeesEveryElement() {
        List<Long> numbers = ConformanceData.range(ConformanceData.LARGE);
        String key = ForEachRecorder.newKey();
        Pipeline pipeline = pipeline();
        pipeline.fromCollection(numbers, Long.class).forEach(x -> ForEachRecorder.record(key, x));
        run(pipeline);
        assertSameElements(ForEachRecorder.<Long>take(key), numbers);
    }

    @Test
    default void writeTextThenReadItBack() throws IOException {
        List<String> lines = Arrays.asList("alpha", "", "gämma ✓", "with, comma", "delta");
        Path file = directory().resolve("out.txt");
        Pipeline pipeline = pipeline();
        pipeline.fromCollection(lines, String.class).writeText(file);
        run(pipeline);
        assertSameElements(Files.readAllLines(file, StandardCharsets.UTF_8), lines);
    }

    @Test
    default void writeTextManyBatches() throws IOException {
        List<Long> numbers = ConformanceData.range(ConformanceData.LARGE);
        Path file = directory().resolve("numbers.txt");
        Pipeline pipeline = pipeline();
        pipeline.fromCollection(numbers, Long.class).map(x -> "n" + x, String.class).writeText(file);
        run(pipeline);
        assertSameElements(Files.readAllLines(file), numbers.stream().map(x -> "n" + x).toList());
    }

    @Test
    default void writeCsvThenReadItBack() throws IOException {
        List<Person> people = new ArrayList<>(ConformanceData.people());
        people.add(new Person(100, "Smith, \"JJ\"", 1, "comma, city"));
        people.add(new Person(101, "", null, ""));
        people.add(new Person(102, null, 2, "semi;colon"));
        Path file = directory().resolve("people.csv");
        Pipeline writer = pipeline();
        writer.fromCollection(people, Person.class).writeCsv(file);
        run(writer);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(people.size() + 1);
        assertThat(lines.get(0)).isEqualTo("id,name,age,city");
        assertSameElements(collect(pipeline().readCsv(file, Person.class, CsvFormat.DEFAULT)), people);
    }

    @Test
    default void writeCsvWithFormatThenReadItBack() throws IOException {
        List<Person> people = ConformanceData.people();
        CsvFormat format = CsvFormat.DEFAULT.withDelimiter('|').withHeader(false).withNullValue("\\N");
        Path file = directory().resolve("people.psv");
        Pipeline writer = pipeline();
        writer.fromCollection(people, Person.class).writeCsv(file, format);
        run(writer);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(people.size()).anyMatch(line -> line.startsWith("9|") && line.endsWith("|\\N|\\N"));
        assertSameElements(collect(pipeline().readCsv(file, Person.class, format)), people);
    }

    @Test
    default void twoCollectSinksShareAnInput() {
        List<Person> people = ConformanceData.people();
        Pipeline pipeline = pipeline();
        Dataset<Person> shared = pipeline.fromCollection(people, Person.class).map(p -> p, Person.class);
        Collected<Person> all = shared.collect();
        Collected<Person> londoners = shared.filter(col("city").eq("London")).collect();
        ConformanceStageContext result = run(pipeline);
        assertSameElements(result.elements(all), people);
        assertSameElements(result.elements(londoners), people.stream().filter(p -> "London".equals(p.city())).toList());
    }

    @Test
    default void sinksOfEveryKindInOneStage() throws IOException {
        List<Long> numbers = ConformanceData.range(5_000);
        Path text = directory().resolve("numbers.txt");
        Path csv = directory().resolve("numbers.csv");
        String key = ForEachRecorder.newKey();
        Pipeline pipeline = pipeline();
        Dataset<Long> source = pipeline.fromCollection(numbers, Long.class);
        Collected<Long> collected = source.collect();
        source.forEach(x -> ForEachRecorder.record(key, x));
        source.map(String::valueOf, String.class).writeText(text);
        source.writeCsv(csv);
        ConformanceStageContext result = run(pipeline);

        List<String> asText = numbers.stream().map(String::valueOf).toList();
        assertSameElements(result.elements(collected), numbers);
        assertSameElements(ForEachRecorder.<Long>take(key), numbers);
        assertSameElements(Files.readAllLines(text), asText);
        List<String> csvLines = Files.readAllLines(csv);
        assertThat(csvLines.get(0)).isEqualTo("value");
        assertSameElements(csvLines.subList(1, csvLines.size()), asText);
    }
}
