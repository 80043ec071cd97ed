package dev.weft.channels;

import static dev.weft.channels.Fixtures.decode;
import static dev.weft.channels.Fixtures.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.ElementType;
import dev.weft.api.types.Row;
import dev.weft.channels.Fixtures.AllTypes;
import dev.weft.channels.Fixtures.Order;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class TestBatches extends ArrowTest {
    private static final int[] PICK = {3, 0, 3, 1};

    @Test
    void copyRowsCopiesEveryPrimitiveTypeInOrder() {
        assertCopy(ElementType.of(AllTypes.class), Fixtures.allTypesSample());
    }

    @Test
    void copyRowsCopiesListsOfEveryType() {
        assertCopy(ElementType.of(Fixtures.Lists.class), Fixtures.listsSample());
    }

    @Test
    void copyRowsCopiesStructsAndLists() {
        assertCopy(ElementType.of(Order.class), Fixtures.orders());
    }

    @Test
    void copyRowsCopiesRowsWithNestedStructsInLists() {
        Schema schema = Fixtures.rowSchema();
        Schema address = new Schema(schema.getFields().get(2).getChildren());
        Schema point = new Schema(schema.getFields().get(4).getChildren().get(0).getChildren());
        List<Row> rows = List.of(
                Row.of(schema, 0L, "zero", Row.of(address, "a", 1), List.of(1L), List.of(Row.of(point, 1L, 1L)), BigDecimal.ONE.setScale(3), null),
                Row.of(schema, 1L, null, null, null, null, null, null),
                Row.of(schema, 2L, "two", Row.of(address, null, 2), Arrays.asList(null, 2L), Arrays.asList(Row.of(point, 2L, 2L), null), null, null),
                Row.of(schema, 3L, "three", null, List.of(), List.of(), new BigDecimal("-3.000"), null));
        assertCopy(ElementType.row(schema), rows);
    }

    @Test
    void copyRowsOfScalars() {
        assertCopy(ElementType.of(String.class), Arrays.asList("a", null, "ccc", "dddd"));
        assertCopy(ElementType.of(byte[].class), Arrays.asList(new byte[] {1}, null, new byte[0], new byte[] {4, 4}));
    }

    @Test
    void copyRowsOfManyRows() {
        List<String> values = IntStream.range(0, 20_000).mapToObj(i -> i % 7 == 0 ? null : "value-" + i).toList();
        int[] rows = IntStream.range(0, 20_000).map(i -> 19_999 - i).toArray();
        try (VectorSchemaRoot source = encode(ElementType.of(String.class), values, allocator);
             VectorSchemaRoot copy = Batches.copyRows(source, rows, rows.length, allocator)) {
            List<String> reversed = IntStream.range(0, 20_000).mapToObj(i -> values.get(19_999 - i)).toList();
            assertThat(decode(ElementType.of(String.class), copy)).isEqualTo(reversed);
        }
    }

    private <T> void assertCopy(ElementType<T> type, List<T> elements) {
        try (VectorSchemaRoot source = encode(type, elements, allocator);
             VectorSchemaRoot copy = Batches.copyRows(source, PICK, PICK.length, allocator);
             VectorSchemaRoot none = Batches.copyRows(source, PICK, 0, allocator)) {
            List<T> expected = Arrays.stream(PICK).mapToObj(elements::get).toList();
            assertThat(copy.getSchema()).isEqualTo(source.getSchema());
            assertThat(copy.getRowCount()).isEqualTo(PICK.length);
            assertThat(decode(type, copy)).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected);
            assertThat(none.getRowCount()).isZero();
            assertThat(decode(type, source)).usingRecursiveFieldByFieldElementComparator().isEqualTo(elements);
        }
    }

    @Test
    void copyRowsRejectsBadRowIndexes() {
        try (VectorSchemaRoot source = encode(ElementType.of(Long.class), List.of(1L, 2L), allocator)) {
            assertThatThrownBy(() -> Batches.copyRows(source, new int[] {0, 2}, 2, allocator))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("row index 2 at position 1 is outside the batch of 2 rows");
            assertThatThrownBy(() -> Batches.copyRows(source, new int[] {0}, 2, allocator))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining("row count 2");
        }
    }

    @Test
    void transferMovesBuffersWithoutCopying() {
        List<String> values = Arrays.asList("x", null, "zz");
        try (VectorSchemaRoot source = encode(ElementType.of(String.class), values, allocator)) {
            long address = ((VarCharVector) source.getVector(0)).getDataBuffer().memoryAddress();
            long allocated = allocator.getAllocatedMemory();
            try (VectorSchemaRoot target = Batches.transfer(source, allocator)) {
                assertThat(((VarCharVector) target.getVector(0)).getDataBuffer().memoryAddress()).isEqualTo(address);
                assertThat(allocator.getAllocatedMemory()).isEqualTo(allocated);
                assertThat(source.getRowCount()).isZero();
                assertThat(target.getSchema()).isEqualTo(source.getSchema());
                assertThat(decode(ElementType.of(String.class), target)).isEqualTo(values);
            }
        }
    }

    @Test
    void transferOfNestedBatch() {
        try (VectorSchemaRoot source = encode(ElementType.of(Order.class), Fixtures.orders(), allocator);
             VectorSchemaRoot target = Batches.transfer(source, allocator)) {
            assertThat(decode(ElementType.of(Order.class), target)).isEqualTo(Fixtures.orders());
        }
    }

    @Test
    void emptyBatchHasTheSchemaAndNoRows() {
        Schema schema = ElementType.of(Order.class).schema();
        try (VectorSchemaRoot empty = Batches.empty(schema, allocator)) {
            assertThat(empty.getSchema()).isEqualTo(schema);
            assertThat(empty.getRowCount()).isZero();
            assertThat(decode(ElementType.of(Order.class), empty)).isEmpty();
        }
    }

    @Test
    void sizeInBytesCountsEveryBuffer() {
        try (VectorSchemaRoot small = encode(ElementType.of(Order.class), Fixtures.orders(), allocator);
             VectorSchemaRoot large = encode(ElementType.of(Order.class), IntStream.range(0, 1000).mapToObj(Fixtures::order).toList(), allocator)) {
            long expected = small.getFieldVectors().stream().mapToLong(FieldVector::getBufferSize).sum();
            assertThat(Batches.sizeInBytes(small)).isEqualTo(expected).isPositive();
            assertThat(Batches.sizeInBytes(large)).isGreaterThan(100 * Batches.sizeInBytes(small));
        }
    }
}
