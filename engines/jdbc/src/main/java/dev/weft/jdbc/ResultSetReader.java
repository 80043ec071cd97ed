package dev.weft.jdbc;

import dev.weft.api.WeftException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads rows of an open result set (a cursor: the statement has a fetch size and autocommit is off) into Arrow
 * batches of the given schema, columns by position, at most {@code batchSize} rows a batch: never the whole result.
 * Not thread-safe; does not close the result set.
 */
public final class ResultSetReader {
    private static final OffsetDateTime EPOCH = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final ResultSet resultSet;
    private final Schema schema;
    private final ColumnReader[] columns;
    private final String sql;
    private boolean done;
    private long rows;

    public ResultSetReader(ResultSet resultSet, Schema schema, String sql) {
        this.resultSet = resultSet;
        this.schema = schema;
        this.sql = sql;
        try {
            int count = resultSet.getMetaData().getColumnCount();
            if (count != schema.getFields().size()) {
                throw new WeftException(JdbcErrorCode.SQL_FAILED, "the query returned %d columns where %d were expected (%s); SQL: %s"
                        .formatted(count, schema.getFields().size(), schema, sql));
            }
            columns = new ColumnReader[count];
            for (int i = 0; i < count; i++) {
                String typeName = resultSet.getMetaData().getColumnTypeName(i + 1).toLowerCase(Locale.ROOT);
                columns[i] = reader(schema.getFields().get(i).getType(), typeName, i + 1, schema.getFields().get(i).getName());
            }
        } catch (SQLException e) {
            throw JdbcErrors.statement("reading the query's columns", sql, e);
        }
    }

    /** Rows read so far. */
    public long rows() {
        return rows;
    }

    /** The next batch (the caller owns it), or null at the end. */
    public VectorSchemaRoot next(BufferAllocator allocator, int batchSize) {
        if (done) {
            return null;
        }
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
        try {
            batch.allocateNew();
            int row = 0;
            while (row < batchSize && resultSet.next()) {
                for (int c = 0; c < columns.length; c++) {
                    columns[c].read(resultSet, batch.getVector(c), row);
                }
                row++;
            }
            if (row < batchSize) {
                done = true;
            }
            batch.setRowCount(row);
            rows += row;
            if (row == 0) {
                batch.close();
                return null;
            }
            return batch;
        } catch (SQLException e) {
            batch.close();
            throw JdbcErrors.statement("reading the query's rows", sql, e);
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
    }

    @FunctionalInterface
    private interface ColumnReader {
        void read(ResultSet rs, FieldVector vector, int row) throws SQLException;
    }

    private static ColumnReader reader(ArrowType type, String pgType, int index, String name) {
        if (type instanceof ArrowType.Int integer) {
            int width = integer.getBitWidth();
            if (!integer.getIsSigned() && width == 16) {
                return (rs, v, row) -> {
                    int value = rs.getInt(index);
                    if (rs.wasNull()) {
                        ((UInt2Vector) v).setNull(row);
                    } else {
                        ((UInt2Vector) v).setSafe(row, (char) value);
                    }
                };
            }
            return switch (width) {
                case 8 -> (rs, v, row) -> {
                    byte value = rs.getByte(index);
                    if (rs.wasNull()) {
                        ((TinyIntVector) v).setNull(row);
                    } else {
                        ((TinyIntVector) v).setSafe(row, value);
                    }
                };
                case 16 -> (rs, v, row) -> {
                    short value = rs.getShort(index);
                    if (rs.wasNull()) {
                        ((SmallIntVector) v).setNull(row);
                    } else {
                        ((SmallIntVector) v).setSafe(row, value);
                    }
                };
                case 32 -> (rs, v, row) -> {
                    int value = rs.getInt(index);
                    if (rs.wasNull()) {
                        ((IntVector) v).setNull(row);
                    } else {
                        ((IntVector) v).setSafe(row, value);
                    }
                };
                default -> (rs, v, row) -> {
                    long value = rs.getLong(index);
                    if (rs.wasNull()) {
                        ((BigIntVector) v).setNull(row);
                    } else {
                        ((BigIntVector) v).setSafe(row, value);
                    }
                };
            };
        }
        if (type instanceof ArrowType.FloatingPoint fp) {
            if (fp.getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE) {
                return (rs, v, row) -> {
                    float value = rs.getFloat(index);
                    if (rs.wasNull()) {
                        ((Float4Vector) v).setNull(row);
                    } else {
                        ((Float4Vector) v).setSafe(row, value);
                    }
                };
            }
            return (rs, v, row) -> {
                double value = rs.getDouble(index);
                if (rs.wasNull()) {
                    ((Float8Vector) v).setNull(row);
                } else {
                    ((Float8Vector) v).setSafe(row, value);
                }
            };
        }
        if (type instanceof ArrowType.Decimal decimal) {
            int scale = decimal.getScale();
            return (rs, v, row) -> {
                BigDecimal value = rs.getBigDecimal(index);
                if (value == null) {
                    ((DecimalVector) v).setNull(row);
                } else {
                    ((DecimalVector) v).setSafe(row, value.setScale(scale, RoundingMode.HALF_UP));
                }
            };
        }
        if (type instanceof ArrowType.Utf8) {
            return (rs, v, row) -> {
                String value = rs.getString(index);
                if (value == null) {
                    ((VarCharVector) v).setNull(row);
                } else {
                    ((VarCharVector) v).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
                }
            };
        }
        if (type instanceof ArrowType.Binary) {
            return (rs, v, row) -> {
                byte[] value = rs.getBytes(index);
                if (value == null) {
                    ((VarBinaryVector) v).setNull(row);
                } else {
                    ((VarBinaryVector) v).setSafe(row, value);
                }
            };
        }
        if (type instanceof ArrowType.Bool) {
            return (rs, v, row) -> {
                boolean value = rs.getBoolean(index);
                if (rs.wasNull()) {
                    ((BitVector) v).setNull(row);
                } else {
                    ((BitVector) v).setSafe(row, value ? 1 : 0);
                }
            };
        }
        if (type instanceof ArrowType.Date) {
            return (rs, v, row) -> {
                LocalDate value = rs.getObject(index, LocalDate.class);
                if (value == null) {
                    ((DateDayVector) v).setNull(row);
                } else {
                    ((DateDayVector) v).setSafe(row, (int) value.toEpochDay());
                }
            };
        }
        if (type instanceof ArrowType.Timestamp) {
            if (pgType.equals("timestamp")) {
                return (rs, v, row) -> {
                    LocalDateTime value = rs.getObject(index, LocalDateTime.class);
                    if (value == null) {
                        ((TimeStampVector) v).setNull(row);
                    } else {
                        ((TimeStampVector) v).setSafe(row, ChronoUnit.MICROS.between(EPOCH, value.atOffset(ZoneOffset.UTC)));
                    }
                };
            }
            return (rs, v, row) -> {
                OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
                if (value == null) {
                    ((TimeStampVector) v).setNull(row);
                } else {
                    ((TimeStampVector) v).setSafe(row, ChronoUnit.MICROS.between(EPOCH, value));
                }
            };
        }
        throw new WeftException(JdbcErrorCode.UNSUPPORTED_TYPE, "column '%s' has Weft type %s, which the JDBC engine cannot read into; cast it in SQL"
                .formatted(name, type));
    }
}
