package dev.weft.kernels.expr;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.nullOf;
import static dev.weft.api.expr.Expressions.sum;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class TestExpressionCompiler extends ExpressionTestSupport {
    @Test
    void literalsOfEveryTypeFillTheBatch() {
        assertThat(evaluateConstant(lit(5), 2)).containsExactly(5, 5);
        assertThat(evaluateConstant(lit((byte) -3), 2)).containsExactly((byte) -3, (byte) -3);
        assertThat(evaluateConstant(lit((short) 300))).isEqualTo((short) 300);
        assertThat(evaluateConstant(lit(2.5f))).isEqualTo(2.5f);
        assertThat(evaluateConstant(lit("héllo"), 2)).containsExactly("héllo", "héllo");
        assertThat(evaluateConstant(lit('c'))).isEqualTo("c");
        assertThat(evaluateConstant(lit(true))).isEqualTo(true);
        assertThat(evaluateConstant(lit(new BigDecimal("-12.345")))).isEqualTo(new BigDecimal("-12.345"));
        assertThat(evaluateConstant(lit(LocalDate.of(1812, 6, 24)))).isEqualTo(LocalDate.of(1812, 6, 24));
        assertThat(evaluateConstant(lit(Instant.parse("2020-02-02T02:02:02.000002Z")))).isEqualTo(Instant.parse("2020-02-02T02:02:02.000002Z"));
        assertThat(evaluateConstant(lit(new byte[] {1, 2}))).isEqualTo(new byte[] {1, 2});
        assertThat(evaluateConstant(nullOf(DataTypes.STRING), 2)).containsExactly(null, null);
        assertThat(evaluateConstant(nullOf(ArrowType.Null.INSTANCE), 2)).containsExactly(null, null);
        assertThat(evaluateConstant(lit(1).as("one"), 0)).isEmpty();
    }

    @Test
    void aBareColumnSharesTheInputBuffersAndTheInputStaysValid() {
        try (VectorSchemaRoot input = batch(allocator, column("s", DataTypes.STRING, "a", null, "c"), column("n", DataTypes.INT64, 1L, 2L, 3L))) {
            VectorExpression expression = ExpressionCompiler.compile(col("n").as("renamed"), input.getSchema());
            long before = allocator.getAllocatedMemory();
            try (FieldVector result = expression.evaluate(input, allocator)) {
                assertThat(result.getField()).isEqualTo(expression.field());
                assertThat(result.getField().getName()).isEqualTo("renamed");
                assertThat(result.getDataBuffer().memoryAddress()).isEqualTo(input.getVector("n").getDataBuffer().memoryAddress());
                assertThat(allocator.getAllocatedMemory()).isLessThan(before + 64);
            }
            assertThat(TestBatches.values(input.getVector("n"))).containsExactly(1L, 2L, 3L);
            FieldVector first = ExpressionCompiler.compile(col("s"), input.getSchema()).evaluate(input, allocator);
            input.getVector("s").close();
            assertThat(TestBatches.values(first)).containsExactly("a", null, "c");
            first.close();
        }
    }

    @Test
    void aColumnFromAnotherRootAllocatorIsCopied() {
        try (BufferAllocator other = new RootAllocator(Long.MAX_VALUE)) {
            try (VectorSchemaRoot input = batch(other, column("s", DataTypes.STRING, "a", null))) {
                try (FieldVector result = ExpressionCompiler.compile(col("s"), input.getSchema()).evaluate(input, allocator)) {
                    assertThat(TestBatches.values(result)).containsExactly("a", null);
                }
            }
        }
    }

    @Test
    void aggregatesAreAnInternalError() {
        Schema schema = new Schema(List.of(DataTypes.field("a", DataTypes.INT64, true)));
        assertThatThrownBy(() -> ExpressionCompiler.compile(sum(col("a")), schema))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.GENERIC_INTERNAL_ERROR))
                .hasMessageContaining("sum(a)");
        assertThatThrownBy(() -> ExpressionCompiler.compile(col("a").plus(count()), schema)).isInstanceOf(WeftException.class);
    }

    @Test
    void typerErrorsComeFirst() {
        Schema schema = new Schema(List.of(DataTypes.field("amount", DataTypes.INT64, true)));
        assertThatThrownBy(() -> ExpressionCompiler.compile(col("Amount").plus(1), schema))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_COLUMN));
        assertThatThrownBy(() -> ExpressionCompiler.compile(col("amount").plus("x"), schema))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH));
    }

    @Test
    void aBatchOfAnotherSchemaIsRejected() {
        Schema schema = new Schema(List.of(DataTypes.field("a", DataTypes.INT64, true)));
        VectorExpression expression = ExpressionCompiler.compile(col("a").plus(1L), schema);
        try (VectorSchemaRoot input = batch(allocator, column("a", DataTypes.STRING, "x"))) {
            assertThatThrownBy(() -> expression.evaluate(input, allocator))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH))
                    .hasMessageContaining("compiled for bigint");
        }
        try (VectorSchemaRoot input = batch(allocator)) {
            assertThatThrownBy(() -> expression.evaluate(input, allocator)).hasMessageContaining("has 0 columns");
        }
    }

    @Test
    void literalsThatDoNotFitTheirTypeAreRejected() {
        Schema schema = new Schema(List.of());
        assertThatThrownBy(() -> ExpressionCompiler.compile(new dev.weft.api.expr.Literal(300, DataTypes.INT8), schema))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH));
        assertThatThrownBy(() -> ExpressionCompiler.compile(new dev.weft.api.expr.Literal("x", DataTypes.INT64), schema))
                .isInstanceOf(WeftException.class);
    }

    @Test
    void everyKindOfExpressionEvaluatesAnEmptyBatch() {
        List<dev.weft.api.expr.Expression> expressions = List.of(
                col("i").plus(col("l")), col("t").times(col("t")), col("d").dividedBy(2), col("x").times(col("x")), col("x").dividedBy(col("i")),
                col("i").gt(1), col("l").le(col("i")), col("d").ne(0.5), col("s").eq("a"), col("b").eq(true), col("x").lt(col("l")),
                col("day").lt(col("ts")), col("b").and(col("i").gt(0)).or(col("b").not()), col("s").isNull(),
                dev.weft.api.expr.Expressions.when(col("b"), col("s")).otherwise("none"), dev.weft.api.expr.Expressions.when(col("b"), col("x")),
                col("s").cast(DataTypes.INT32), col("d").cast(DataTypes.INT8), col("i").cast(DataTypes.STRING), col("ts").cast(DataTypes.DATE),
                col("l").cast(DataTypes.decimal(30, 2)), col("i").cast(DataTypes.decimal(12, 2)),
                dev.weft.api.expr.Expressions.upper(col("s")), dev.weft.api.expr.Expressions.trim(col("s")),
                dev.weft.api.expr.Expressions.substring(col("s"), 1, 2), dev.weft.api.expr.Expressions.concat(col("s"), col("i")),
                dev.weft.api.expr.Expressions.replace(col("s"), "a", "b"), dev.weft.api.expr.Expressions.contains(col("s"), "a"),
                dev.weft.api.expr.Expressions.year(col("ts")), dev.weft.api.expr.Expressions.dateAdd(col("day"), 1),
                dev.weft.api.expr.Expressions.dateDiff(col("day"), col("day")), dev.weft.api.expr.Expressions.abs(col("x")),
                dev.weft.api.expr.Expressions.round(col("d"), 1), dev.weft.api.expr.Expressions.coalesce(col("l"), col("i")), lit("x"));
        try (VectorSchemaRoot input = batch(allocator, column("i", DataTypes.INT32), column("l", DataTypes.INT64), column("t", DataTypes.INT8),
                column("d", DataTypes.FLOAT64), column("x", DataTypes.decimal(10, 2)), column("s", DataTypes.STRING), column("b", DataTypes.BOOLEAN),
                column("day", DataTypes.DATE), column("ts", DataTypes.TIMESTAMP))) {
            for (dev.weft.api.expr.Expression expression : expressions) {
                assertThat(evaluateOn(expression, input)).as(expression.toString()).isEmpty();
            }
        }
    }

    @Test
    void wideDecimalsAreRejectedWhenComputedWith() {
        ArrowType decimal256 = new ArrowType.Decimal(40, 2, 256);
        Schema schema = new Schema(List.of(DataTypes.field("w", decimal256, true)));
        ExpressionCompiler.compile(col("w"), schema);
        assertThatThrownBy(() -> ExpressionCompiler.compile(col("w").plus(1), schema))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE))
                .hasMessageContaining("256-bit decimals");
    }

    @Test
    void oneCompiledExpressionEvaluatesOnManyThreadsAtOnce() throws Exception {
        int rows = 20_000;
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            values.add((long) i);
        }
        try (VectorSchemaRoot input = batch(allocator, column("a", DataTypes.INT64, values))) {
            VectorExpression expression = ExpressionCompiler.compile(col("a").times(3L).plus(col("a")).gt(40_000L), input.getSchema());
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<Long>> counts = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    counts.add(threads.submit(() -> {
                        long trues = 0;
                        for (int repeat = 0; repeat < 5; repeat++) {
                            try (BufferAllocator child = allocator.newChildAllocator("t", 0, Long.MAX_VALUE);
                                    FieldVector result = expression.evaluate(input, child)) {
                                trues = TestBatches.values(result).stream().filter(Boolean.TRUE::equals).count();
                            }
                        }
                        return trues;
                    }));
                }
                for (Future<Long> count : counts) {
                    assertThat(count.get()).isEqualTo(rows - 10_001L);
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
