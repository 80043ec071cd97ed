package dev.weft.jdbc.sql;

import static java.util.Objects.requireNonNull;

import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import dev.weft.jdbc.JdbcErrorCode;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * SQL:2008 as most databases take it: identifiers quoted with the driver's quote string (double quotes by default),
 * no collation clause (strings compare in the database's default order), standard type names, {@code FETCH FIRST ?
 * ROWS ONLY}, group keys computed in a derived table and grouped by name (positions in {@code GROUP BY} are not
 * standard).
 */
public class AnsiDialect implements SqlDialect {
    public static final String NAME = "generic";
    /** Length of the character and binary columns of temporary tables and casts. */
    public static final int VARYING_LENGTH = 1_000_000;

    private final String quote;

    /** @param quote the identifier quote string ({@link java.sql.DatabaseMetaData#getIdentifierQuoteString}) */
    public AnsiDialect(String quote) {
        this.quote = requireNonNull(quote, "quote is null");
        if (quote.isBlank()) {
            throw new IllegalArgumentException("the identifier quote string is blank: the database does not quote identifiers, which Weft needs");
        }
    }

    public AnsiDialect() {
        this("\"");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Family family() {
        return Family.ANSI;
    }

    @Override
    public String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier may not contain a NUL character: " + identifier.replace('\0', '?'));
        }
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    @Override
    public String codePointCollation() {
        return "";
    }

    @Override
    public String sqlType(ArrowType type) {
        if (type instanceof ArrowType.Int integer) {
            int bits = integer.getIsSigned() ? integer.getBitWidth() : integer.getBitWidth() * 2;
            return bits <= 16 ? "SMALLINT" : bits <= 32 ? "INTEGER" : "BIGINT";
        }
        if (type instanceof ArrowType.FloatingPoint fp) {
            return fp.getPrecision() == FloatingPointPrecision.SINGLE ? "REAL" : "DOUBLE PRECISION";
        }
        if (type instanceof ArrowType.Decimal decimal) {
            return "DECIMAL(%d,%d)".formatted(decimal.getPrecision(), decimal.getScale());
        }
        if (type instanceof ArrowType.Utf8) {
            return "VARCHAR(%d)".formatted(VARYING_LENGTH);
        }
        if (type instanceof ArrowType.Binary) {
            return "VARBINARY(%d)".formatted(VARYING_LENGTH);
        }
        if (type instanceof ArrowType.Bool) {
            return "BOOLEAN";
        }
        if (type instanceof ArrowType.Date) {
            return "DATE";
        }
        if (type instanceof ArrowType.Timestamp) {
            return "TIMESTAMP WITH TIME ZONE";
        }
        throw new WeftException(JdbcErrorCode.UNSUPPORTED_TYPE, "Weft type %s has no SQL column type in the generic dialect; convert the column first (for example to a string)"
                .formatted(DataTypes.describe(type)));
    }

    @Override
    public void limit(SqlQuery.Builder sql, long limit) {
        sql.append(" FETCH FIRST ").parameter(limit).append(" ROWS ONLY");
    }

    @Override
    public boolean groupsByPosition() {
        return false;
    }
}
