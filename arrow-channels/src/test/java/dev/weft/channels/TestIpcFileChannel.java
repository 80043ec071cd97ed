package dev.weft.channels;

import static dev.weft.channels.Fixtures.decode;
import static dev.weft.channels.Fixtures.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.ElementType;
import dev.weft.channels.Fixtures.AllTypes;
import dev.weft.channels.Fixtures.Order;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestIpcFileChannel extends ArrowTest {
    @TempDir
    Path directory;

    @Test
    void multipleBatchesRoundTripInOrder() throws IOException {
        ElementType<Order> type = ElementType.of(Order.class);
        Path file = directory.resolve("orders.arrow");
        List<List<Order>> batches = List.of(Fixtures.orders(), List.of(), IntStream.range(10, 2_000).mapToObj(Fixtures::order).toList());
        IpcFileChannel.Writer writer = IpcFileChannel.openWriter(file, type.schema(), allocator);
        try {
            for (List<Order> orders : batches) {
                try (VectorSchemaRoot batch = encode(type, orders, allocator)) {
                    writer.write(batch);
                    assertThat(decode(type, batch)).as("the writer does not take the batch").isEqualTo(orders);
                }
            }
            assertThat(writer.bytesWritten()).isPositive();
        } finally {
            writer.close();
        }
        assertThat(writer.bytesWritten()).isEqualTo(Files.size(file));
        List<List<Order>> read = new ArrayList<>();
        try (IpcFileChannel.Reader reader = IpcFileChannel.openReader(file, allocator)) {
            assertThat(reader.schema()).isEqualTo(type.schema());
            while (reader.next()) {
                read.add(decode(type, reader.root()));
            }
            assertThat(reader.next()).isFalse();
        }
        assertThat(read).isEqualTo(batches);
    }

    @Test
    void everyTypeRoundTrips() {
        ElementType<AllTypes> type = ElementType.of(AllTypes.class);
        Path file = directory.resolve("all.arrow");
        try (IpcFileChannel.Writer writer = IpcFileChannel.openWriter(file, type.schema(), allocator);
             VectorSchemaRoot batch = encode(type, Fixtures.allTypesSample(), allocator)) {
            writer.write(batch);
        }
        try (IpcFileChannel.Reader reader = IpcFileChannel.openReader(file, allocator)) {
            assertThat(reader.next()).isTrue();
            assertThat(decode(type, reader.root())).usingRecursiveFieldByFieldElementComparator().isEqualTo(Fixtures.allTypesSample());
            assertThat(reader.next()).isFalse();
        }
    }

    @Test
    void listsOfEveryTypeRoundTrip() {
        ElementType<Fixtures.Lists> type = ElementType.of(Fixtures.Lists.class);
        Path file = directory.resolve("lists.arrow");
        try (IpcFileChannel.Writer writer = IpcFileChannel.openWriter(file, type.schema(), allocator);
             VectorSchemaRoot batch = encode(type, Fixtures.listsSample(), allocator)) {
            writer.write(batch);
            writer.write(batch);
        }
        try (IpcFileChannel.Reader reader = IpcFileChannel.openReader(file, allocator)) {
            for (int i = 0; i < 2; i++) {
                assertThat(reader.next()).isTrue();
                assertThat(decode(type, reader.root())).usingRecursiveFieldByFieldElementComparator().isEqualTo(Fixtures.listsSample());
            }
            assertThat(reader.next()).isFalse();
        }
    }

    @Test
    void writerAndBatchMayUseDifferentAllocators() {
        ElementType<String> type = ElementType.of(String.class);
        Path file = directory.resolve("children.arrow");
        try (BufferAllocator producer = allocator.newChildAllocator("producer", 0, Long.MAX_VALUE);
             BufferAllocator spill = allocator.newChildAllocator("spill", 0, Long.MAX_VALUE)) {
            try (VectorSchemaRoot batch = encode(type, List.of("a", "b"), producer);
                 IpcFileChannel.Writer writer = IpcFileChannel.openWriter(file, type.schema(), spill)) {
                writer.write(batch);
                assertThat(spill.getAllocatedMemory()).as("the writer keeps no batch memory").isZero();
            }
            try (IpcFileChannel.Reader reader = IpcFileChannel.openReader(file, spill)) {
                assertThat(reader.next()).isTrue();
                assertThat(decode(type, reader.root())).containsExactly("a", "b");
            }
        }
    }

    @Test
    void fileWithoutBatchesHasTheSchema() {
        ElementType<Order> type = ElementType.of(Order.class);
        Path file = directory.resolve("empty.arrow");
        try (IpcFileChannel.Writer writer = IpcFileChannel.openWriter(file, type.schema(), allocator)) {
            assertThat(writer.file()).isEqualTo(file);
        }
        try (IpcFileChannel.Reader reader = IpcFileChannel.openReader(file, allocator)) {
            assertThat(reader.schema()).isEqualTo(type.schema());
            assertThat(reader.next()).isFalse();
        }
    }

    @Test
    void batchOfAnotherSchemaIsRejected() {
        Path file = directory.resolve("longs.arrow");
        try (IpcFileChannel.Writer writer = IpcFileChannel.openWriter(file, ElementType.of(Long.class).schema(), allocator);
             VectorSchemaRoot strings = encode(ElementType.of(String.class), List.of("x"), allocator)) {
            assertThatThrownBy(() -> writer.write(strings))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("does not match the file's schema");
        }
    }

    @Test
    void missingFileIsReported() {
        assertThatThrownBy(() -> IpcFileChannel.openReader(directory.resolve("missing.arrow"), allocator))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND))
                .hasMessageContaining("missing.arrow");
    }

    @Test
    void fileThatIsNotArrowIsReported() throws IOException {
        Path file = Files.writeString(directory.resolve("text.arrow"), "this is not an Arrow file at all, just some text");
        assertThatThrownBy(() -> IpcFileChannel.openReader(file, allocator))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.IO_ERROR))
                .hasMessageContaining("text.arrow");
    }

    @Test
    void unwritableLocationIsReported() {
        Path file = directory.resolve("no-such-directory").resolve("spill.arrow");
        assertThatThrownBy(() -> IpcFileChannel.openWriter(file, ElementType.of(Long.class).schema(), allocator))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SPILL_FAILED))
                .hasMessageContaining("spill.arrow");
    }
}
