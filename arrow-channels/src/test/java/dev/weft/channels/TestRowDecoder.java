package dev.weft.channels;

import static dev.weft.channels.Fixtures.decode;
import static dev.weft.channels.Fixtures.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.ElementType;
import dev.weft.api.types.Row;
import dev.weft.channels.Fixtures.Point;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class TestRowDecoder extends ArrowTest {
    record Positive(long value) {
        Positive {
            if (value <= 0) {
                throw new IllegalArgumentException("value must be positive");
            }
        }
    }

    private static final Schema NULLABLE_POINT = new Schema(List.of(
            DataTypes.field("x", DataTypes.INT64, true), DataTypes.field("y", DataTypes.INT64, true)));

    @Test
    void columnsAreMatchedByPosition() {
        Schema renamed = new Schema(List.of(DataTypes.field("a", DataTypes.INT64, false), DataTypes.field("b", DataTypes.INT64, false)));
        try (VectorSchemaRoot batch = encode(ElementType.row(renamed), List.of(Row.of(renamed, 1L, 2L)), allocator)) {
            assertThat(decode(ElementType.of(Point.class), batch)).containsExactly(new Point(1, 2));
        }
    }

    @Test
    void decoderIsReusableAcrossBatches() {
        ElementType<Point> type = ElementType.of(Point.class);
        RowDecoder<Point> decoder = RowDecoder.create(type);
        try (VectorSchemaRoot first = encode(type, List.of(new Point(1, 1)), allocator);
             VectorSchemaRoot second = encode(type, List.of(new Point(2, 2), new Point(3, 3)), allocator)) {
            assertThat(decoder.bind(first).get(0)).isEqualTo(new Point(1, 1));
            assertThat(decoder.bind(second).get(1)).isEqualTo(new Point(3, 3));
        }
    }

    @Test
    void nullInPrimitiveComponentIsRejected() {
        try (VectorSchemaRoot batch = encode(ElementType.row(NULLABLE_POINT), List.of(Row.of(NULLABLE_POINT, 1L, null)), allocator)) {
            RowDecoder<Point> decoder = RowDecoder.create(ElementType.of(Point.class)).bind(batch);
            assertThatThrownBy(() -> decoder.get(0))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH))
                    .hasMessageContaining("column y has a null at row 0")
                    .hasMessageContaining("long y");
        }
    }

    @Test
    void batchOfOtherTypesIsRejectedAtBind() {
        try (VectorSchemaRoot batch = encode(ElementType.of(String.class), List.of("x"), allocator)) {
            assertThatThrownBy(() -> RowDecoder.create(ElementType.of(Long.class)).bind(batch))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH))
                    .hasMessageContaining("column value is string in the batch but the element type expects bigint");
            assertThatThrownBy(() -> RowDecoder.create(ElementType.of(Point.class)).bind(batch))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining("1 columns");
        }
    }

    @Test
    void constructorThatRejectsValuesGivesAClearError() {
        Schema schema = new Schema(List.of(DataTypes.field("value", DataTypes.INT64, false)));
        try (VectorSchemaRoot batch = encode(ElementType.row(schema), List.of(Row.of(schema, 5L), Row.of(schema, -1L)), allocator)) {
            RowDecoder<Positive> decoder = RowDecoder.create(ElementType.of(Positive.class)).bind(batch);
            assertThat(decoder.get(0)).isEqualTo(new Positive(5));
            assertThatThrownBy(() -> decoder.get(1))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.USER_FUNCTION_FAILED))
                    .hasMessageContaining(Positive.class.getName())
                    .hasMessageContaining("value must be positive");
        }
    }

    @Test
    void getWithoutBindOrOutsideTheBatchIsRejected() {
        RowDecoder<Point> decoder = RowDecoder.create(ElementType.of(Point.class));
        assertThatThrownBy(() -> decoder.get(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("bind");
        try (VectorSchemaRoot batch = encode(ElementType.of(Point.class), List.of(new Point(1, 2)), allocator)) {
            decoder.bind(batch);
            assertThatThrownBy(() -> decoder.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
