package dev.weft.engine.java.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.channels.Batches;
import dev.weft.engine.java.exec.SpillableBatchBuffer.ReadMode;
import dev.weft.kernels.memory.MemoryBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSpillableBatchBuffer {
    private static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("name", ArrowType.Utf8.INSTANCE)));
    private static final int ROWS = 100;

    @TempDir
    Path temp;

    private RootAllocator allocator;
    private MemoryBudget stage;
    private Path spill;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
        spill = temp.resolve("spill");
    }

    @AfterEach
    void checkNoLeak() {
        assertThat(allocator.getAllocatedMemory()).as("bytes left allocated after the test").isZero();
        allocator.close();
    }

    @Test
    void batchesThatFitStayInMemoryWithoutCopiesOrFiles() throws IOException {
        List<VectorSchemaRoot> appended = new ArrayList<>();
        try (SpillableBatchBuffer buffer = buffer(1L << 20)) {
            for (int i = 0; i < 10; i++) {
                VectorSchemaRoot batch = batch(i);
                appended.add(batch);
                buffer.append(batch);
            }
            assertThat(buffer.spillCount()).isZero();
            assertThat(buffer.rowCount()).isEqualTo(10L * ROWS);
            assertThat(stage.reserved()).isEqualTo(buffer.bytesInMemory()).isPositive();

            List<VectorSchemaRoot> taken = new ArrayList<>();
            buffer.forEach(ReadMode.TAKE, taken::add);
            try {
                assertThat(taken).containsExactlyElementsOf(appended);
                assertThat(stage.reserved()).isZero();
            } finally {
                BatchShapes.closeAll(taken);
            }
            assertThat(spillFiles()).isEmpty();
        }
    }

    @Test
    void beyondTheBudgetSpillsAndReadsBackTheSameBatchesInOrder() throws IOException {
        long limit = sizeOfOneBatch() * 5 / 2;
        try (SpillableBatchBuffer buffer = buffer(limit)) {
            for (int i = 0; i < 20; i++) {
                buffer.append(batch(i));
                assertThat(stage.reserved()).isLessThanOrEqualTo(limit);
            }
            buffer.finishWriting();
            assertThat(buffer.spillCount()).isPositive();
            assertThat(buffer.spilledBytes()).isPositive();
            assertThat(buffer.bytesInMemory()).isPositive();
            assertThat(spillFiles()).hasSize(1);

            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.addAll(rowsOf(i));
            }
            assertThat(read(buffer, ReadMode.BORROW)).isEqualTo(expected);
            assertThat(read(buffer, ReadMode.COPY)).isEqualTo(expected);
            assertThat(read(buffer, ReadMode.COPY)).isEqualTo(expected);
            assertThat(read(buffer, ReadMode.TAKE)).isEqualTo(expected);

            assertThat(stage.reserved()).isZero();
            assertThat(spillFiles()).isEmpty();
            assertThatThrownBy(() -> buffer.read(ReadMode.COPY)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(stage.reserved()).isZero();
    }

    @Test
    void closeReleasesMemoryAndDeletesTheFileWithoutAnyRead() throws IOException {
        SpillableBatchBuffer buffer = buffer(sizeOfOneBatch() * 2);
        for (int i = 0; i < 7; i++) {
            buffer.append(batch(i));
        }
        assertThat(spillFiles()).hasSize(1);
        buffer.close();
        buffer.close();
        assertThat(stage.reserved()).isZero();
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void closeAfterAFailureMidRead() throws IOException {
        try (SpillableBatchBuffer buffer = buffer(sizeOfOneBatch() * 3)) {
            for (int i = 0; i < 12; i++) {
                buffer.append(batch(i));
            }
            int[] seen = {0};
            assertThatThrownBy(() -> buffer.forEach(ReadMode.COPY, batch -> {
                try (batch) {
                    if (++seen[0] == 3) {
                        throw new IllegalStateException("consumer failed");
                    }
                }
                return true;
            })).hasMessage("consumer failed");
            seen[0] = 0;
            assertThatThrownBy(() -> buffer.forEach(ReadMode.TAKE, batch -> {
                try (batch) {
                    if (++seen[0] == 11) {
                        throw new IllegalStateException("consumer failed late");
                    }
                }
                return true;
            })).hasMessage("consumer failed late");
        }
        assertThat(stage.reserved()).isZero();
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void aConsumerThatStopsEarlyLeavesNothingBehind() throws IOException {
        try (SpillableBatchBuffer buffer = buffer(sizeOfOneBatch() * 2)) {
            for (int i = 0; i < 6; i++) {
                buffer.append(batch(i));
            }
            List<VectorSchemaRoot> taken = new ArrayList<>();
            boolean all = buffer.forEach(ReadMode.TAKE, batch -> {
                taken.add(batch);
                return taken.size() < 2;
            });
            BatchShapes.closeAll(taken);
            assertThat(all).isFalse();
            assertThat(stage.reserved()).isZero();
            assertThat(spillFiles()).isEmpty();
        }
    }

    @Test
    void aTakeWhileAnotherReadIsOpenCopiesAndKeepsTheData() {
        try (SpillableBatchBuffer buffer = buffer(1L << 20)) {
            buffer.append(batch(0));
            buffer.append(batch(1));
            try (SpillableBatchBuffer.Cursor open = buffer.read(ReadMode.BORROW)) {
                assertThat(open.next()).isNotNull();
                assertThat(read(buffer, ReadMode.TAKE)).hasSize(2 * ROWS);
            }
            assertThat(read(buffer, ReadMode.TAKE)).hasSize(2 * ROWS);
        }
        assertThat(stage.reserved()).isZero();
    }

    @Test
    void emptyBatchesAreDropped() {
        try (SpillableBatchBuffer buffer = buffer(1L << 20)) {
            buffer.append(VectorSchemaRoot.create(SCHEMA, allocator));
            assertThat(buffer.batchCount()).isZero();
            assertThat(read(buffer, ReadMode.TAKE)).isEmpty();
        }
    }

    @Test
    void appendingAfterReadingFailsAndReleasesTheBatch() {
        try (SpillableBatchBuffer buffer = buffer(1L << 20)) {
            buffer.append(batch(0));
            assertThat(read(buffer, ReadMode.COPY)).hasSize(ROWS);
            assertThatThrownBy(() -> buffer.append(batch(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("being read");
        }
    }

    @Test
    void anUnwritableSpillDirectoryFailsWithSpillFailedAndLeaksNothing() throws IOException {
        spill = Files.writeString(temp.resolve("not-a-directory"), "x");
        SpillableBatchBuffer buffer = buffer(sizeOfOneBatch());
        buffer.append(batch(0));
        assertThatThrownBy(() -> buffer.append(batch(1)))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SPILL_FAILED))
                .hasMessageContaining("spill directory");
        assertThatThrownBy(() -> buffer.read(ReadMode.COPY)).isInstanceOf(IllegalStateException.class);
        buffer.close();
        assertThat(stage.reserved()).isZero();
    }

    @Test
    void buffersHoldAtMostTheirShareOfTheStageBudget() {
        stage = new MemoryBudget(1000);
        BufferMemory memory = BufferMemory.halfOf(stage);
        assertThat(memory.tryReserve(500)).isTrue();
        assertThat(memory.tryReserve(1)).as("beyond the share").isFalse();
        assertThat(stage.reserved()).isEqualTo(500);
        memory.release(500);
        assertThat(stage.tryReserve(800)).isTrue();
        assertThat(memory.tryReserve(300)).as("beyond what the kernels left of the stage budget").isFalse();
        assertThat(memory.reserved()).isZero();
        stage.release(800);
        assertThat(stage.reserved()).isZero();
    }

    private SpillableBatchBuffer buffer(long limit) {
        stage = new MemoryBudget(limit);
        return new SpillableBatchBuffer(new BufferMemory(stage, limit), spill, allocator);
    }

    private long sizeOfOneBatch() {
        try (VectorSchemaRoot batch = batch(0)) {
            return Batches.sizeInBytes(batch);
        }
    }

    private VectorSchemaRoot batch(int index) {
        VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector ids = (BigIntVector) batch.getVector(0);
        VarCharVector names = (VarCharVector) batch.getVector(1);
        ids.allocateNew(ROWS);
        names.allocateNew(ROWS);
        for (int row = 0; row < ROWS; row++) {
            ids.set(row, (long) index * ROWS + row);
            names.setSafe(row, "name-%d-%d".formatted(index, row).getBytes(StandardCharsets.UTF_8));
        }
        batch.setRowCount(ROWS);
        return batch;
    }

    private static List<String> rowsOf(int index) {
        List<String> rows = new ArrayList<>();
        for (int row = 0; row < ROWS; row++) {
            rows.add("%d:name-%d-%d".formatted((long) index * ROWS + row, index, row));
        }
        return rows;
    }

    private static List<String> read(SpillableBatchBuffer buffer, ReadMode mode) {
        List<String> rows = new ArrayList<>();
        buffer.forEach(mode, batch -> {
            try {
                BigIntVector ids = (BigIntVector) batch.getVector(0);
                VarCharVector names = (VarCharVector) batch.getVector(1);
                for (int row = 0; row < batch.getRowCount(); row++) {
                    rows.add("%d:%s".formatted(ids.get(row), new String(names.get(row), StandardCharsets.UTF_8)));
                }
            } finally {
                if (mode != ReadMode.BORROW) {
                    batch.close();
                }
            }
            return true;
        });
        return rows;
    }

    private List<Path> spillFiles() throws IOException {
        if (!Files.isDirectory(spill)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spill)) {
            return files.toList();
        }
    }
}
