package dev.weft.kernels.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.types.DataTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRowIo {
    @TempDir
    Path directory;

    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator(64 << 20);
    }

    @AfterEach
    void close() {
        assertThat(allocator.getAllocatedMemory()).as("leaked Arrow memory").isZero();
        allocator.close();
    }

    private List<Object> readAll(RowSource source, int parallelism, int column) {
        List<Object> values = new ArrayList<>();
        for (RowSplit split : source.splits(parallelism)) {
            source.read(split, 7, allocator).forEachRemaining(row -> values.add(row[column]));
        }
        return values;
    }

    @Test
    void textSplitsReadEveryLineOnceInOrder() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            lines.add("line " + i);
        }
        Path file = Files.write(directory.resolve("in.txt"), lines, StandardCharsets.UTF_8);
        RowSource source = RowIo.source((SourceOperator) Pipeline.create().readText(file).operator());
        assertThat(readAll(source, 4, 0)).isEqualTo(new ArrayList<Object>(lines));
        Path empty = Files.createFile(directory.resolve("empty.txt"));
        RowSource none = RowIo.source((SourceOperator) Pipeline.create().readText(empty).operator());
        assertThat(none.splits(4)).hasSize(1);
        assertThat(readAll(none, 4, 0)).isEmpty();
    }

    @Test
    void csvAndTpchSources() throws Exception {
        Path file = Files.writeString(directory.resolve("in.csv"), "id,name\n1,a\n2,\"b,c\"\n");
        Schema schema = new Schema(List.of(DataTypes.field("id", DataTypes.INT64, true), DataTypes.field("name", DataTypes.STRING, true)));
        RowSource csv = RowIo.source((SourceOperator) Pipeline.create().readCsv(file, schema, CsvFormat.DEFAULT).operator());
        assertThat(readAll(csv, 2, 1)).containsExactly("a", "b,c");
        RowSource nation = RowIo.source((SourceOperator) Pipeline.create().readTpch("nation", 0.01).operator());
        assertThat(nation.splits(4)).hasSize(1);
        assertThat(readAll(nation, 4, 0)).hasSize(25);
        RowSource orders = RowIo.source((SourceOperator) Pipeline.create().readTpch("orders", 0.001).operator());
        assertThat(orders.splits(3)).hasSize(3);
        assertThat(readAll(orders, 3, 0)).hasSize(1500).doesNotHaveDuplicates();
        Path missing = directory.resolve("missing.txt");
        assertThatThrownBy(() -> RowIo.source((SourceOperator) Pipeline.create().readText(missing).operator()).splits(2))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND));
    }

    @Test
    void sinksCommitAtomically() throws Exception {
        Path target = directory.resolve("out.txt");
        var data = Pipeline.create().fromCollection(List.of("x", "y"), String.class);
        data.writeText(target);
        SinkOperator sink = (SinkOperator) data.pipeline().plan().sinks().get(0);
        RowSink rows = RowIo.sink(sink);
        try (RowSink.Writer writer = rows.open(allocator)) {
            writer.write(new Object[] {"x"});
        }
        assertThat(target).doesNotExist();
        try (RowSink.Writer writer = rows.open(allocator)) {
            writer.write(new Object[] {"x"});
            writer.write(new Object[] {"y"});
            writer.commit();
        }
        assertThat(Files.readAllLines(target)).containsExactly("x", "y");
    }
}
