package dev.weft.optimizer.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.api.types.DataTypes;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class TestSchemaWidths {
    @Test
    void fixedWidthsAndValidityBits() {
        Schema schema = new Schema(List.of(
                DataTypes.field("a", DataTypes.INT64, false),
                DataTypes.field("b", DataTypes.INT32, true),
                DataTypes.field("c", DataTypes.BOOLEAN, false),
                DataTypes.field("d", DataTypes.FLOAT64, false),
                DataTypes.field("e", DataTypes.DATE, false),
                DataTypes.field("f", DataTypes.TIMESTAMP, false),
                DataTypes.field("g", DataTypes.DEFAULT_DECIMAL, false),
                DataTypes.field("h", DataTypes.CHAR, false)));
        assertThat(SchemaWidths.bytesPerRow(schema)).isCloseTo(8 + 4 + 1.0 / 8 + 1.0 / 8 + 8 + 4 + 8 + 16 + 2, within(1e-12));
    }

    @Test
    void variableWidthsDefaultOrMeasured() {
        Field text = DataTypes.field("s", DataTypes.STRING, false);
        Field nullableBinary = DataTypes.field("b", DataTypes.BINARY, true);
        assertThat(SchemaWidths.width(text)).isEqualTo(SchemaWidths.DEFAULT_VARIABLE_WIDTH_BYTES);
        assertThat(SchemaWidths.width(nullableBinary)).isEqualTo(SchemaWidths.DEFAULT_VARIABLE_WIDTH_BYTES + 1.0 / 8);
        assertThat(SchemaWidths.variableWidth(text, 10)).isEqualTo(14.0);
        assertThat(SchemaWidths.isVariableWidth(text)).isTrue();
        assertThat(SchemaWidths.isVariableWidth(DataTypes.field("x", DataTypes.INT64, false))).isFalse();
    }

    @Test
    void nestedTypes() {
        Field element = DataTypes.field("element", DataTypes.INT32, false);
        Field list = new Field("l", FieldType.notNullable(ArrowType.List.INSTANCE), List.of(element));
        Field struct = new Field("s", FieldType.notNullable(ArrowType.Struct.INSTANCE),
                List.of(DataTypes.field("x", DataTypes.INT64, false), DataTypes.field("y", DataTypes.INT16, false)));
        assertThat(SchemaWidths.width(list)).isEqualTo(4 + SchemaWidths.DEFAULT_LIST_LENGTH * 4);
        assertThat(SchemaWidths.width(struct)).isEqualTo(10.0);
        assertThat(SchemaWidths.columnWidths(new Schema(List.of(list, struct)))).containsKeys("l", "s");
    }
}
