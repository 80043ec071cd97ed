package dev.weft.engine.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.types.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TestSources extends EngineTestBase {
    record Person(String name, int age) {}

    @Test
    void collectionKeepsItsOrderAcrossPartitions() {
        Pipeline pipeline = Pipeline.create();
        List<Long> values = LongStream.range(0, 100).boxed().toList();
        Collected<Long> out = pipeline.fromCollection(values, Long.class).collect();

        assertThat(collect(pipeline, out)).containsExactlyElementsOf(values);
        assertThat(context.counters(out.sink().input()).rows.get()).isEqualTo(100);
    }

    @Test
    void emptyCollection() {
        Pipeline pipeline = Pipeline.create();
        Collected<String> out = pipeline.fromCollection(List.<String>of(), String.class).collect();

        assertThat(collect(pipeline, out)).isEmpty();
    }

    @Test
    void collectionOfRecords() {
        Pipeline pipeline = Pipeline.create();
        List<Person> people = List.of(new Person("ada", 36), new Person("alan", 41));
        Collected<Person> out = pipeline.fromCollection(people, Person.class).collect();

        assertThat(collect(pipeline, out)).containsExactlyElementsOf(people);
    }

    @Test
    void textFileLinesInOrderOverManySplits() throws IOException {
        Path file = temp.resolve("lines.txt");
        List<String> lines = IntStream.range(0, 40_000).mapToObj(i -> "line number " + i).toList();
        Files.write(file, lines);
        Pipeline pipeline = Pipeline.create();
        Collected<String> out = pipeline.readText(file).collect();

        assertThat(collect(pipeline, out)).containsExactlyElementsOf(lines);
    }

    @Test
    void textFilesOfADirectory() throws IOException {
        Path directory = Files.createDirectory(temp.resolve("texts"));
        Files.writeString(directory.resolve("a.txt"), "one\ntwo\n");
        Files.writeString(directory.resolve("b.txt"), "three\n");
        Files.writeString(directory.resolve(".hidden"), "never\n");
        Pipeline pipeline = Pipeline.create();
        Collected<String> out = pipeline.readText(directory).collect();

        assertThat(collect(pipeline, out)).containsExactly("one", "two", "three");
    }

    @Test
    void csvFileIntoRecords() throws IOException {
        Path file = temp.resolve("people.csv");
        StringBuilder text = new StringBuilder("name,age\n");
        List<Person> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            text.append("person ").append(i).append(',').append(i).append('\n');
            expected.add(new Person("person " + i, i));
        }
        Files.writeString(file, text);
        Pipeline pipeline = Pipeline.create();
        Collected<Person> out = pipeline.readCsv(file, Person.class, CsvFormat.DEFAULT).collect();

        assertThat(collect(pipeline, out)).containsExactlyElementsOf(expected);
    }

    @Test
    void tpchLineitemAtScaleFactorOneHundredth() {
        Pipeline pipeline = Pipeline.create();
        Collected<Long> out = pipeline.readTpch("lineitem", 0.01).count().collect();

        assertThat(collect(pipeline, out)).containsExactly(60175L);
    }

    @Test
    void tpchNationHasItsTwentyFiveRowsTyped() {
        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = pipeline.readTpch("nation", 0.01).collect();

        List<Row> nations = collect(pipeline, out);
        assertThat(nations).hasSize(25);
        assertThat(nations.get(0).getLong("n_nationkey")).isZero();
        assertThat(nations.get(0).getString("n_name")).isEqualTo("ALGERIA");
    }

    @Test
    void tpchOrdersDates() {
        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = pipeline.readTpch("orders", 0.01).limit(3).collect();

        for (Row order : collect(pipeline, out)) {
            assertThat(order.getDate("o_orderdate")).isBetween(LocalDate.of(1992, 1, 1), LocalDate.of(1998, 12, 31));
        }
    }

    @Test
    void boundedGenerator() {
        Pipeline pipeline = Pipeline.create();
        Collected<Long> out = pipeline.generate(1000, 0).collect();

        assertThat(collect(pipeline, out)).containsExactlyElementsOf(LongStream.range(0, 1000).boxed().toList());
    }

    @Test
    void rateLimitedGeneratorIsComplete() {
        Pipeline pipeline = Pipeline.create();
        Collected<Long> out = pipeline.generate(30, 300).collect();

        assertThat(collect(pipeline, out).stream().sorted().collect(Collectors.toList()))
                .containsExactlyElementsOf(LongStream.range(0, 30).boxed().toList());
    }
}
