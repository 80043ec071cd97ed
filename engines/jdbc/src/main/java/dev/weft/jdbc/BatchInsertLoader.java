package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Loads Arrow batches with a prepared {@code INSERT INTO t (c, ...) VALUES (?, ...)}, {@link #ROWS_PER_BATCH} rows per
 * {@code executeBatch}: the portable bulk load of the generic dialect. Values are bound as the JDBC types of their
 * Arrow types (long, int, short, double, float, BigDecimal, String, byte[], boolean, LocalDate, OffsetDateTime in UTC)
 * and the driver converts them to the column's type. Runs inside the connection's transaction. Not thread-safe.
 */
public final class BatchInsertLoader implements RowLoader {
    public static final int ROWS_PER_BATCH = 1_000;

    private final PreparedStatement statement;
    private final String sql;
    private final int columns;
    private int pending;
    private long rows;

    private BatchInsertLoader(PreparedStatement statement, String sql, int columns) {
        this.statement = statement;
        this.sql = sql;
        this.columns = columns;
    }

    public static BatchInsertLoader open(Connection connection, String quotedTable, List<String> quotedColumns) {
        String sql = "INSERT INTO %s (%s) VALUES (%s)".formatted(quotedTable, String.join(", ", quotedColumns),
                String.join(", ", Collections.nCopies(quotedColumns.size(), "?")));
        try {
            return new BatchInsertLoader(connection.prepareStatement(sql), sql, quotedColumns.size());
        } catch (SQLException e) {
            throw JdbcErrors.statement("preparing an insert into " + quotedTable, sql, e);
        }
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        List<FieldVector> vectors = batch.getFieldVectors();
        if (vectors.size() != columns) {
            throw new WeftException(JdbcErrorCode.UNSUPPORTED_TYPE, "a batch of %d columns cannot be inserted into %d columns (%s)"
                    .formatted(vectors.size(), columns, sql));
        }
        try {
            for (int row = 0; row < batch.getRowCount(); row++) {
                for (int c = 0; c < columns; c++) {
                    bind(vectors.get(c), row, c + 1);
                }
                statement.addBatch();
                if (++pending == ROWS_PER_BATCH) {
                    send();
                }
            }
        } catch (SQLException e) {
            throw JdbcErrors.statement("inserting rows", sql, e);
        }
    }

    @Override
    public long finish() {
        try {
            send();
            return rows;
        } catch (SQLException e) {
            throw JdbcErrors.statement("inserting rows", sql, e);
        } finally {
            JdbcConnections.close(statement);
        }
    }

    @Override
    public void close() {
        JdbcConnections.close(statement);
    }

    private void send() throws SQLException {
        if (pending == 0) {
            return;
        }
        statement.executeBatch();
        rows += pending;
        pending = 0;
    }

    private void bind(FieldVector vector, int row, int index) throws SQLException {
        if (vector.isNull(row)) {
            statement.setNull(index, jdbcType(vector));
        } else if (vector instanceof BaseIntVector integer) {
            statement.setLong(index, integer.getValueAsLong(row));
        } else if (vector instanceof Float8Vector f8) {
            statement.setDouble(index, f8.get(row));
        } else if (vector instanceof Float4Vector f4) {
            statement.setFloat(index, f4.get(row));
        } else if (vector instanceof DecimalVector decimal) {
            statement.setBigDecimal(index, decimal.getObject(row));
        } else if (vector instanceof VarCharVector text) {
            statement.setString(index, text.getObject(row).toString());
        } else if (vector instanceof VarBinaryVector binary) {
            statement.setBytes(index, binary.get(row));
        } else if (vector instanceof BitVector bits) {
            statement.setBoolean(index, bits.get(row) != 0);
        } else if (vector instanceof DateDayVector dates) {
            statement.setObject(index, LocalDate.ofEpochDay(dates.get(row)));
        } else if (vector instanceof TimeStampVector timestamps) {
            long micros = timestamps.get(row);
            Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else {
            throw new WeftException(JdbcErrorCode.UNSUPPORTED_TYPE, "column '%s' of type %s cannot be inserted with the generic JDBC dialect; convert it first. SQL: %s"
                    .formatted(vector.getField().getName(), DataTypes.describe(vector.getField().getType()), sql));
        }
    }

    private static int jdbcType(FieldVector vector) {
        ArrowType type = vector.getField().getType();
        if (type instanceof ArrowType.Int integer) {
            return integer.getBitWidth() <= 16 ? Types.SMALLINT : integer.getBitWidth() == 32 ? Types.INTEGER : Types.BIGINT;
        }
        if (type instanceof ArrowType.FloatingPoint) {
            return Types.DOUBLE;
        }
        if (type instanceof ArrowType.Decimal) {
            return Types.DECIMAL;
        }
        if (type instanceof ArrowType.Utf8) {
            return Types.VARCHAR;
        }
        if (type instanceof ArrowType.Binary) {
            return Types.VARBINARY;
        }
        if (type instanceof ArrowType.Bool) {
            return Types.BOOLEAN;
        }
        if (type instanceof ArrowType.Date) {
            return Types.DATE;
        }
        if (type instanceof ArrowType.Timestamp) {
            return Types.TIMESTAMP_WITH_TIMEZONE;
        }
        return Types.NULL;
    }
}
