package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.types.DataTypes;
import dev.weft.api.types.DecimalType;
import dev.weft.api.types.ElementType;
import dev.weft.api.types.RecordSchemas;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class TestRecordSchemas {
    record Address(String city, int zip) {}

    record Everything(long id, int count, short small, byte tiny, double score, float ratio, boolean flag, char letter,
                      Long boxed, String name, @DecimalType(precision = 12, scale = 2) BigDecimal price, BigDecimal plain,
                      LocalDate day, Instant at, byte[] payload, Address address, List<String> tags, List<Address> history) {}

    record WithMap(Map<String, String> attributes) {}

    record WithRawList(@SuppressWarnings("rawtypes") List items) {}

    @Test
    void everySupportedComponentType() {
        Schema schema = RecordSchemas.schemaOf(Everything.class);
        List<Field> fields = schema.getFields();
        assertThat(fields).extracting(Field::getName).containsExactly("id", "count", "small", "tiny", "score", "ratio", "flag",
                "letter", "boxed", "name", "price", "plain", "day", "at", "payload", "address", "tags", "history");
        assertThat(fields.get(0).getType()).isEqualTo(DataTypes.INT64);
        assertThat(fields.get(0).isNullable()).isFalse();
        assertThat(fields.get(8).isNullable()).isTrue();
        assertThat(fields.get(7).getType()).isEqualTo(DataTypes.CHAR);
        assertThat(fields.get(10).getType()).isEqualTo(DataTypes.decimal(12, 2));
        assertThat(fields.get(11).getType()).isEqualTo(DataTypes.DEFAULT_DECIMAL);
        assertThat(fields.get(12).getType()).isEqualTo(DataTypes.DATE);
        assertThat(fields.get(13).getType()).isEqualTo(DataTypes.TIMESTAMP);
        assertThat(fields.get(14).getType()).isEqualTo(DataTypes.BINARY);
        assertThat(fields.get(15).getType()).isInstanceOf(ArrowType.Struct.class);
        assertThat(fields.get(15).getChildren()).extracting(Field::getName).containsExactly("city", "zip");
        assertThat(fields.get(16).getType()).isInstanceOf(ArrowType.List.class);
        assertThat(fields.get(16).getChildren().get(0).getType()).isEqualTo(DataTypes.STRING);
        assertThat(fields.get(17).getChildren().get(0).getChildren()).hasSize(2);
    }

    @Test
    void unsupportedComponentNamesTheComponent() {
        assertThatThrownBy(() -> ElementType.of(WithMap.class))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("WithMap.attributes")
                .hasMessageContaining("java.util.Map<java.lang.String, java.lang.String>")
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE));
        assertThatThrownBy(() -> ElementType.of(WithRawList.class)).hasMessageContaining("raw List");
    }

    @Test
    void scalarsHaveOneValueColumn() {
        assertThat(ElementType.of(String.class).schema().getFields()).extracting(Field::getName).containsExactly("value");
        assertThatThrownBy(() -> ElementType.of(long.class)).hasMessageContaining("Long.class");
        assertThatThrownBy(() -> ElementType.of(Object.class)).hasMessageContaining("not supported");
    }
}
