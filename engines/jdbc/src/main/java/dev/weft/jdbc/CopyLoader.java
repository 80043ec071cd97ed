package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.apache.arrow.vector.types.pojo.Field;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads Arrow batches into a PostgreSQL table with {@code COPY ... FROM STDIN (FORMAT binary)}: each value is encoded in
 * the binary form of the target column's type (integers, floats and decimals convert between each other; strings,
 * bytea, bool, date, timestamp and timestamptz). Runs inside the connection's transaction. Not thread-safe.
 */
public final class CopyLoader implements RowLoader {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_DAYS = 10_957; // 2000-01-01 - 1970-01-01
    private static final long POSTGRES_EPOCH_MICROS = POSTGRES_EPOCH_DAYS * 86_400_000_000L;
    private static final int FLUSH_BYTES = 1 << 20;
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    private final CopyIn copy;
    private final String sql;
    private final List<String> targetTypes;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_BYTES + (64 << 10));
    private final DataOutputStream out = new DataOutputStream(buffer);
    private boolean finished;

    private CopyLoader(CopyIn copy, String sql, List<String> targetTypes) {
        this.copy = copy;
        this.sql = sql;
        this.targetTypes = List.copyOf(targetTypes);
    }

    /**
     * Starts a COPY into {@code quotedTable}'s {@code columns} whose PostgreSQL types are {@code targetTypes} (type names
     * as ResultSetMetaData gives them: int4, numeric, text, timestamptz ...).
     */
    public static CopyLoader open(Connection connection, String quotedTable, List<String> quotedColumns, List<String> targetTypes) {
        String sql = "COPY %s (%s) FROM STDIN (FORMAT binary)".formatted(quotedTable, String.join(", ", quotedColumns));
        try {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            CopyLoader loader = new CopyLoader(copy, sql, targetTypes);
            loader.out.write(SIGNATURE);
            loader.out.writeInt(0);
            loader.out.writeInt(0);
            return loader;
        } catch (SQLException e) {
            throw JdbcErrors.statement("starting a COPY into " + quotedTable, sql, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PostgreSQL type names of a table's columns, in the order given. */
    public static List<String> columnTypes(Connection connection, String quotedTable, List<String> quotedColumns) {
        String sql = "SELECT %s FROM %s WHERE false".formatted(String.join(", ", quotedColumns), quotedTable);
        try (var statement = connection.prepareStatement(sql)) {
            var metaData = statement.getMetaData();
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                types.add(metaData.getColumnTypeName(i).toLowerCase(Locale.ROOT));
            }
            return types;
        } catch (SQLException e) {
            throw JdbcErrors.statement("reading the columns of " + quotedTable, sql, e);
        }
    }

    /** Encodes and sends the batch's rows; does not take ownership. Columns by position. */
    @Override
    public void write(VectorSchemaRoot batch) {
        if (batch.getFieldVectors().size() != targetTypes.size()) {
            throw new WeftException(JdbcErrorCode.UNSUPPORTED_TYPE, "a batch of %d columns cannot be copied into %d columns (%s)"
                    .formatted(batch.getFieldVectors().size(), targetTypes.size(), sql));
        }
        List<FieldVector> vectors = batch.getFieldVectors();
        try {
            for (int row = 0; row < batch.getRowCount(); row++) {
                out.writeShort(vectors.size());
                for (int c = 0; c < vectors.size(); c++) {
                    FieldVector vector = vectors.get(c);
                    if (vector.isNull(row)) {
                        out.writeInt(-1);
                    } else {
                        encode(vector, row, targetTypes.get(c));
                    }
                }
                if (buffer.size() >= FLUSH_BYTES) {
                    send();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the COPY; returns the rows the server stored. */
    @Override
    public long finish() {
        try {
            out.writeShort(-1);
            send();
            finished = true;
            return copy.endCopy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw JdbcErrors.statement("finishing a COPY", sql, e);
        }
    }

    private void send() {
        try {
            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            buffer.reset();
        } catch (SQLException e) {
            throw JdbcErrors.statement("sending rows with COPY", sql, e);
        }
    }

    /** Cancels an unfinished COPY (the transaction is then rolled back by the caller). */
    @Override
    public void close() {
        if (!finished && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the caller rolls back or closes the connection
            }
        }
    }

    private void encode(FieldVector vector, int row, String target) throws IOException {
        switch (target) {
            case "int2" -> {
                out.writeInt(2);
                out.writeShort((short) Math.toIntExact(asLong(vector, row, target)));
            }
            case "int4" -> {
                out.writeInt(4);
                out.writeInt(Math.toIntExact(asLong(vector, row, target)));
            }
            case "int8" -> {
                out.writeInt(8);
                out.writeLong(asLong(vector, row, target));
            }
            case "float4" -> {
                out.writeInt(4);
                out.writeFloat((float) asDouble(vector, row, target));
            }
            case "float8" -> {
                out.writeInt(8);
                out.writeDouble(asDouble(vector, row, target));
            }
            case "numeric" -> numeric(asDecimal(vector, row, target));
            case "text", "varchar", "bpchar", "name" -> {
                byte[] bytes = vector instanceof VarCharVector text ? text.get(row) : mismatch(vector, target);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            case "bytea" -> {
                byte[] bytes = vector instanceof VarBinaryVector binary ? binary.get(row) : mismatch(vector, target);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            case "bool" -> {
                boolean value = vector instanceof BitVector bits ? bits.get(row) != 0 : mismatch(vector, target);
                out.writeInt(1);
                out.writeByte(value ? 1 : 0);
            }
            case "date" -> {
                int days = vector instanceof DateDayVector dates ? dates.get(row) : mismatch(vector, target);
                out.writeInt(4);
                out.writeInt((int) (days - POSTGRES_EPOCH_DAYS));
            }
            case "timestamp", "timestamptz" -> {
                long micros;
                if (vector instanceof TimeStampVector timestamps) {
                    micros = timestamps.get(row);
                } else if (vector instanceof DateDayVector dates) {
                    micros = dates.get(row) * 86_400_000_000L;
                } else {
                    micros = mismatch(vector, target);
                }
                out.writeInt(8);
                out.writeLong(micros - POSTGRES_EPOCH_MICROS);
            }
            default -> throw new WeftException(JdbcErrorCode.UNSUPPORTED_TYPE,
                    "the JDBC engine cannot write column '%s' into a PostgreSQL %s column; change the column to a supported type (numbers, text, bytea, bool, date, timestamp[tz]). SQL: %s"
                            .formatted(vector.getField().getName(), target, sql));
        }
    }

    private <T> T mismatch(FieldVector vector, String target) {
        Field field = vector.getField();
        throw new WeftException(JdbcErrorCode.UNSUPPORTED_TYPE, "column '%s' of type %s cannot be written into a PostgreSQL %s column; convert it first. SQL: %s"
                .formatted(field.getName(), DataTypes.describe(field.getType()), target, sql));
    }

    private long asLong(FieldVector vector, int row, String target) {
        if (vector instanceof BaseIntVector integer) {
            return integer.getValueAsLong(row);
        }
        if (vector instanceof DecimalVector decimal) {
            return decimal.getObject(row).setScale(0, RoundingMode.DOWN).longValueExact();
        }
        if (vector instanceof Float8Vector f8) {
            return (long) f8.get(row);
        }
        if (vector instanceof Float4Vector f4) {
            return (long) f4.get(row);
        }
        return mismatch(vector, target);
    }

    private double asDouble(FieldVector vector, int row, String target) {
        if (vector instanceof Float8Vector f8) {
            return f8.get(row);
        }
        if (vector instanceof Float4Vector f4) {
            return f4.get(row);
        }
        if (vector instanceof BaseIntVector integer) {
            return integer.getValueAsLong(row);
        }
        if (vector instanceof DecimalVector decimal) {
            return decimal.getObject(row).doubleValue();
        }
        return mismatch(vector, target);
    }

    private BigDecimal asDecimal(FieldVector vector, int row, String target) {
        if (vector instanceof DecimalVector decimal) {
            return decimal.getObject(row);
        }
        if (vector instanceof BaseIntVector integer) {
            return BigDecimal.valueOf(integer.getValueAsLong(row));
        }
        if (vector instanceof Float8Vector || vector instanceof Float4Vector) {
            double value = asDouble(vector, row, target);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new WeftException(JdbcErrorCode.UNSUPPORTED_TYPE, "column '%s' holds %s, which a numeric column cannot store. SQL: %s"
                        .formatted(vector.getField().getName(), value, sql));
            }
            return BigDecimal.valueOf(value);
        }
        return mismatch(vector, target);
    }

    /** PostgreSQL's binary numeric: ndigits, weight, sign, dscale, then base-10000 digits, most significant first. */
    private void numeric(BigDecimal value) throws IOException {
        int scale = Math.max(value.scale(), 0);
        BigDecimal scaled = value.setScale(scale, RoundingMode.UNNECESSARY);
        int pad = (4 - scale % 4) % 4;
        BigInteger unscaled = scaled.unscaledValue().abs().multiply(BigInteger.TEN.pow(pad));
        int fractionGroups = (scale + pad) / 4;
        List<Integer> groups = new ArrayList<>(); // least significant first
        while (unscaled.signum() > 0) {
            BigInteger[] qr = unscaled.divideAndRemainder(TEN_THOUSAND);
            groups.add(qr[1].intValue());
            unscaled = qr[0];
        }
        while (groups.size() < fractionGroups) {
            groups.add(0);
        }
        int weight = groups.size() - fractionGroups - 1;
        int first = groups.size() - 1; // most significant
        while (first >= 0 && groups.get(first) == 0) {
            first--;
            weight--;
        }
        int last = 0;
        while (last <= first && groups.get(last) == 0) {
            last++;
        }
        int ndigits = first >= last ? first - last + 1 : 0;
        if (ndigits == 0) {
            weight = 0;
        }
        out.writeInt(8 + 2 * ndigits);
        out.writeShort(ndigits);
        out.writeShort(weight);
        out.writeShort(value.signum() < 0 ? 0x4000 : 0x0000);
        out.writeShort(scale);
        for (int i = first; i >= last && ndigits > 0; i--) {
            out.writeShort(groups.get(i));
        }
    }
}
