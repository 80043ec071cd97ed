package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/** PostgreSQL column types to Arrow and back, NULLs included. */
class TestTypeMapping extends JdbcTestBase {
    @Test
    void everySupportedTypeReadsWithNulls() {
        sql("DROP TABLE IF EXISTS types_t", "CREATE TABLE types_t (i2 int2, i4 int4 NOT NULL, i8 int8, f4 float4, f8 float8, n numeric(12,3),"
                        + " nu numeric, t text, vc varchar(10), c char(3), d date, ts timestamp, tstz timestamptz, b bool, bin bytea, tm time)",
                "INSERT INTO types_t VALUES (-2, 4, 8000000000, 1.5, 2.25, -12345.678, 0.1, 'tëxt', 'vc', 'ab', '2024-02-29',"
                        + " '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.5+02', true, '\\x00ff', '12:34:56')",
                "INSERT INTO types_t (i4) VALUES (0)");
        Pipeline pipeline = Pipeline.create("t");
        Dataset<Row> types = pipeline.readJdbc(db, "types_t");
        assertThat(types.schema().getFields()).extracting(Field::getType).containsExactly(DataTypes.INT16, DataTypes.INT32, DataTypes.INT64,
                DataTypes.FLOAT32, DataTypes.FLOAT64, DataTypes.decimal(12, 3), DataTypes.DEFAULT_DECIMAL, DataTypes.STRING, DataTypes.STRING,
                DataTypes.STRING, DataTypes.DATE, DataTypes.TIMESTAMP, DataTypes.TIMESTAMP, DataTypes.BOOLEAN, DataTypes.BINARY, DataTypes.STRING);
        assertThat(types.schema().getFields()).extracting(Field::isNullable).containsOnlyOnce(false);
        Collected<Row> rows = types.sort(dev.weft.api.expr.Expressions.col("i4").desc()).collect();
        List<List<Object>> values = rows(rows, run(pipeline));
        List<Object> full = values.get(0);
        assertThat(full.subList(0, 5)).containsExactly((short) -2, 4, 8_000_000_000L, 1.5f, 2.25d);
        assertThat(full.get(5)).isEqualTo(new BigDecimal("-12345.678"));
        assertThat(full.get(6)).isEqualTo(new BigDecimal("0.100000000000000000"));
        assertThat(full.subList(7, 10)).containsExactly("tëxt", "vc", "ab ");
        assertThat(full.get(10)).isEqualTo((int) LocalDate.of(2024, 2, 29).toEpochDay()); // DateDayVector.getObject gives epoch days
        // TimeStampMicroTZVector.getObject gives the epoch microseconds
        assertThat(full.get(11)).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000).toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000 + 123_456);
        assertThat(full.get(12)).isEqualTo(LocalDateTime.of(2024, 1, 2, 1, 4, 5).toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000 + 500_000);
        assertThat(full.get(13)).isEqualTo(true);
        assertThat((byte[]) full.get(14)).containsExactly(0, 0xff);
        assertThat(full.get(15)).isEqualTo("12:34:56");
        List<Object> nulls = values.get(1);
        assertThat(nulls.get(1)).isEqualTo(0);
        for (int i = 0; i < nulls.size(); i++) {
            if (i != 1) {
                assertThat(nulls.get(i)).as("column %d", i).isNull();
            }
        }
    }

    @Test
    void everyTypeRoundTripsThroughCopy() {
        sql("DROP TABLE IF EXISTS types_copy", "CREATE TABLE types_copy (i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric(20,6), t text,"
                        + " d date, tstz timestamptz, b bool, bin bytea)",
                "INSERT INTO types_copy VALUES (1, 2, 3, 1.25, -2.5, 123456789.000001, 'x', '1999-12-31', '1970-01-01 00:00:00+00', false, '\\x01'),"
                        + " (NULL, NULL, NULL, NULL, NULL, -0.5, NULL, NULL, NULL, NULL, NULL), (0, 0, 0, 0, 0, 0, '', '2000-01-01', '2100-06-01 12:00:00.000001+00', true, '\\x'),"
                        + " (0, 0, 0, 0, 0, 99999999999999.999999, '', '2000-01-01', '2100-06-01 12:00:00.000001+00', true, '\\x')",
                "DROP TABLE IF EXISTS types_copy2", "CREATE TABLE types_copy2 (LIKE types_copy)");
        // through the Java-side path: read into Arrow, then COPY back with the connector's sink
        Pipeline pipeline = Pipeline.create("t");
        Collected<Row> original = pipeline.readJdbc(db, "types_copy").collect();
        List<List<Object>> before = rows(original, run(pipeline));
        TestJdbcConnector.copyThroughConnector(db, allocator, "types_copy", "types_copy2");
        Pipeline again = Pipeline.create("t");
        Collected<Row> copied = again.readJdbc(db, "types_copy2").collect();
        List<List<Object>> after = rows(copied, run(again));
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i)).usingRecursiveComparison().isEqualTo(before.get(i));
        }
    }

    @Test
    void anUnsupportedColumnTypeNamesTheColumnAndSaysToCast() {
        sql("DROP TABLE IF EXISTS weird", "CREATE TABLE weird (p point)");
        assertThatThrownBy(() -> Pipeline.create("t").readJdbc(db, "weird"))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.UNSUPPORTED_TYPE))
                .hasMessageContaining("'p'").hasMessageContaining("point").hasMessageContaining("CAST");
    }
}
