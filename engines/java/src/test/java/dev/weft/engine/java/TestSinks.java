package dev.weft.engine.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TestSinks extends EngineTestBase {
    record Item(long id, String label) {}

    @Test
    void callbackSeesEveryElement() {
        Pipeline pipeline = Pipeline.create();
        ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
        pipeline.fromCollection(LongStream.range(0, 500).boxed().toList(), Long.class).forEach(seen::add);

        run(pipeline);

        assertThat(seen).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 500).boxed().toList());
    }

    @Test
    void callbackFailureNamesTheSink() {
        Pipeline pipeline = Pipeline.create();
        pipeline.fromCollection(List.of(1L, 2L, 3L), Long.class).forEach(value -> {
            if (value == 2L) {
                throw new IllegalStateException("no twos");
            }
        });

        assertThatThrownBy(() -> run(pipeline))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.USER_FUNCTION_FAILED))
                .hasMessageContaining("for-each#")
                .hasMessageContaining("element 2")
                .hasMessageContaining("no twos");
    }

    @Test
    void textFileInInputOrder() throws IOException {
        Path target = temp.resolve("out.txt");
        Pipeline pipeline = Pipeline.create();
        List<String> lines = LongStream.range(0, 200).mapToObj(i -> "row " + i).toList();
        pipeline.fromCollection(lines, String.class).writeText(target);

        run(pipeline);

        assertThat(Files.readAllLines(target)).containsExactlyElementsOf(lines);
    }

    @Test
    void csvFile() throws IOException {
        Path target = temp.resolve("out.csv");
        Pipeline pipeline = Pipeline.create();
        pipeline.fromCollection(List.of(new Item(1, "one"), new Item(2, "two, quoted")), Item.class).writeCsv(target);

        run(pipeline);

        assertThat(Files.readAllLines(target)).containsExactly("id,label", "1,one", "2,\"two, quoted\"");
    }

    @Test
    void noFileWhenTheStageFails() {
        Path target = temp.resolve("never.txt");
        Pipeline pipeline = Pipeline.create();
        pipeline.fromCollection(LongStream.range(0, 100).boxed().toList(), Long.class)
                .map(value -> {
                    if (value == 77) {
                        throw new IllegalArgumentException("bad value");
                    }
                    return "value " + value;
                }, String.class)
                .writeText(target);

        assertThatThrownBy(() -> run(pipeline)).isInstanceOf(WeftException.class).hasMessageContaining("bad value");
        assertThat(target).doesNotExist();
        assertThat(temp.toFile().list()).allMatch(name -> name.equals("spill"));
    }

    @Test
    void twoSinksCommitTogether() throws IOException {
        Path first = temp.resolve("first.txt");
        Path second = temp.resolve("second.txt");
        Pipeline pipeline = Pipeline.create();
        var numbers = pipeline.fromCollection(List.of("a", "b", "c"), String.class);
        numbers.writeText(first);
        numbers.map(s -> s.toUpperCase(java.util.Locale.ROOT), String.class).writeText(second);

        run(pipeline);

        assertThat(Files.readAllLines(first)).containsExactly("a", "b", "c");
        assertThat(Files.readAllLines(second)).containsExactly("A", "B", "C");
    }
}
