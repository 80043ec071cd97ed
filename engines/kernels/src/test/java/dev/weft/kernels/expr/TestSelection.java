package dev.weft.kernels.expr;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.nullOf;
import static dev.weft.kernels.expr.TestBatches.batch;
import static dev.weft.kernels.expr.TestBatches.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class TestSelection extends ExpressionTestSupport {
    private VectorSchemaRoot mixed() {
        return batch(allocator,
                column("i", DataTypes.INT32, 1, 2, null, 4, 5),
                column("l", DataTypes.INT64, 10L, null, 30L, 40L, 50L),
                column("s", DataTypes.STRING, "a", "bb", null, "", "éé"),
                column("b", DataTypes.BOOLEAN, true, false, null, true, false),
                column("x", DataTypes.decimal(20, 4), new BigDecimal("1.5"), null, new BigDecimal("-3"), new BigDecimal("4"), new BigDecimal("5")),
                column("d", DataTypes.DATE, LocalDate.of(2024, 1, 1), null, LocalDate.EPOCH, LocalDate.of(1900, 1, 1), LocalDate.of(2000, 1, 1)),
                column("t", DataTypes.TIMESTAMP, Instant.EPOCH, null, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH),
                column("f", DataTypes.FLOAT32, 1f, 2f, 3f, null, 5f),
                column("bin", DataTypes.BINARY, new byte[] {1}, null, new byte[0], new byte[] {4, 4}, new byte[] {5}),
                column("t8", DataTypes.INT8, (byte) 1, (byte) 2, (byte) 3, (byte) 4, null));
    }

    private VectorSchemaRoot filter(VectorSchemaRoot input, dev.weft.api.expr.Expression predicate) {
        return Selection.filter(input, ExpressionCompiler.compile(predicate, input.getSchema()), allocator);
    }

    private static List<List<Object>> rows(VectorSchemaRoot batch) {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < batch.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector vector : batch.getFieldVectors()) {
                Object value = TestBatches.value(vector, r);
                row.add(value instanceof byte[] bytes ? java.util.Arrays.toString(bytes) : value);
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void keepsRowsWhereThePredicateIsTrueAndDropsNull() {
        try (VectorSchemaRoot input = mixed(); VectorSchemaRoot result = filter(input, col("i").gt(1).and(col("b").not().or(col("l").gt(35L))))) {
            assertThat(result.getSchema()).isEqualTo(input.getSchema());
            List<List<Object>> all = rows(input);
            assertThat(rows(result)).containsExactly(all.get(1), all.get(3), all.get(4));
        }
    }

    @Test
    void whenAllRowsPassTheBuffersAreSharedNotCopied() {
        try (VectorSchemaRoot input = mixed()) {
            long before = allocator.getAllocatedMemory();
            try (VectorSchemaRoot result = filter(input, lit(true))) {
                assertThat(allocator.getAllocatedMemory()).as("no buffer copied").isLessThan(before + 1024);
                assertThat(rows(result)).isEqualTo(rows(input));
                assertThat(result.getVector("l").getDataBuffer().memoryAddress()).isEqualTo(input.getVector("l").getDataBuffer().memoryAddress());
            }
            assertThat(rows(input)).hasSize(5);
        }
    }

    @Test
    void theInputStaysValidAfterTheResultIsClosed() {
        VectorSchemaRoot input = mixed();
        List<List<Object>> expected = rows(input);
        try (input) {
            filter(input, col("i").gt(0)).close();
            filter(input, col("i").gt(3)).close();
            assertThat(rows(input)).isEqualTo(expected);
        }
    }

    @Test
    void noRowsNullPredicatesAndEmptyInputsGiveEmptyBatches() {
        try (VectorSchemaRoot input = mixed()) {
            for (dev.weft.api.expr.Expression predicate : List.of(lit(false), nullOf(DataTypes.BOOLEAN), nullOf(ArrowType.Null.INSTANCE), col("i").gt(100))) {
                try (VectorSchemaRoot result = filter(input, predicate)) {
                    assertThat(result.getRowCount()).as(predicate.toString()).isZero();
                    assertThat(result.getSchema()).isEqualTo(input.getSchema());
                }
            }
        }
        try (VectorSchemaRoot empty = batch(allocator, column("i", DataTypes.INT32), column("s", DataTypes.STRING));
                VectorSchemaRoot result = filter(empty, col("i").gt(1))) {
            assertThat(result.getRowCount()).isZero();
            assertThat(result.getSchema()).isEqualTo(empty.getSchema());
        }
    }

    @Test
    void aNonBooleanPredicateIsRejected() {
        try (VectorSchemaRoot input = mixed()) {
            assertThatThrownBy(() -> filter(input, col("i").plus(1)))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH))
                    .hasMessageContaining("not boolean");
        }
    }

    @Test
    void listColumnsAreCopied() {
        try (ListVector list = ListVector.empty("list", allocator); VectorSchemaRoot keys = batch(allocator, column("k", DataTypes.INT32, 1, 2, 3))) {
            UnionListWriter writer = list.getWriter();
            for (int row = 0; row < 3; row++) {
                writer.setPosition(row);
                writer.startList();
                for (int element = 0; element <= row; element++) {
                    writer.writeInt(row * 10 + element);
                }
                writer.endList();
            }
            list.setValueCount(3);
            List<FieldVector> vectors = List.of(keys.getVector("k"), list);
            VectorSchemaRoot input = new VectorSchemaRoot(vectors.stream().map(FieldVector::getField).toList(), vectors, 3);
            try (VectorSchemaRoot result = filter(input, col("k").ne(2))) {
                assertThat(result.getRowCount()).isEqualTo(2);
                assertThat(result.getVector("list").getObject(0)).isEqualTo(List.of(0));
                assertThat(result.getVector("list").getObject(1)).isEqualTo(List.of(20, 21, 22));
            }
        }
    }

    @Test
    void hundredThousandRowsMatchARowByRowReference() {
        int rows = 100_000;
        Random random = new Random(7);
        List<Object> amounts = new ArrayList<>(rows);
        List<Object> names = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            amounts.add(random.nextInt(10) == 0 ? null : random.nextDouble() * 1000);
            names.add(random.nextInt(20) == 0 ? null : "item-" + random.nextInt(500));
        }
        try (VectorSchemaRoot input = batch(allocator, column("amount", DataTypes.FLOAT64, amounts), column("name", DataTypes.STRING, names));
                VectorSchemaRoot result = filter(input, col("amount").times(2).gt(700.0).and(col("name").like("item-1%")))) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                Double amount = (Double) amounts.get(i);
                String name = (String) names.get(i);
                if (amount != null && name != null && amount * 2 > 700.0 && name.startsWith("item-1")) {
                    expected.add(i);
                }
            }
            assertThat(result.getRowCount()).isEqualTo(expected.size()).isGreaterThan(1_000);
            for (int r = 0; r < expected.size(); r++) {
                int source = expected.get(r);
                assertThat(TestBatches.value(result.getVector("amount"), r)).isEqualTo(amounts.get(source));
                assertThat(TestBatches.value(result.getVector("name"), r)).isEqualTo(names.get(source));
            }
            assertThat(Selection.selectedRows(input, ExpressionCompiler.compile(col("amount").times(2).gt(700.0).and(col("name").like("item-1%")),
                    input.getSchema()), allocator)).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
