package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * PostgreSQL column types to Arrow types and back. numeric(p,s) is decimal(p,s) (unconstrained numeric, or p over 38,
 * is decimal(38,18)); int2/int4/int8, float4/float8, bool, bytea map directly; text/varchar/char/name/uuid/json are
 * strings; date is a date; timestamp and timestamptz are UTC microsecond timestamps (a timestamp without zone is read
 * as UTC); time and timetz, which Weft has no type for, are strings in ISO form.
 */
public final class PgTypes {
    private PgTypes() {}

    /** The Arrow field of column {@code column} (1-based) of a result. */
    public static Field field(ResultSetMetaData metaData, int column, String relation) throws SQLException {
        String name = metaData.getColumnLabel(column);
        String typeName = metaData.getColumnTypeName(column).toLowerCase(Locale.ROOT);
        boolean nullable = metaData.isNullable(column) != ResultSetMetaData.columnNoNulls;
        ArrowType type = arrowType(typeName, metaData.getPrecision(column), metaData.getScale(column));
        if (type == null) {
            throw new WeftException(JdbcErrorCode.UNSUPPORTED_TYPE,
                    "column '%s' of %s has PostgreSQL type %s, which Weft cannot read; cast it in a query, for example readJdbcQuery(ds, \"SELECT CAST(%s AS text) ...\")"
                            .formatted(name, relation, typeName, name));
        }
        return DataTypes.field(name, type, nullable);
    }

    /** The Arrow type of a PostgreSQL type name, or null when it has none. */
    public static ArrowType arrowType(String typeName, int precision, int scale) {
        return switch (typeName) {
            case "int2", "smallint", "smallserial" -> DataTypes.INT16;
            case "int4", "integer", "serial", "oid" -> DataTypes.INT32;
            case "int8", "bigint", "bigserial" -> DataTypes.INT64;
            case "float4", "real" -> DataTypes.FLOAT32;
            case "float8", "double precision" -> DataTypes.FLOAT64;
            case "numeric", "decimal" -> precision <= 0 || precision > DataTypes.MAX_DECIMAL_PRECISION
                    ? DataTypes.DEFAULT_DECIMAL
                    : DataTypes.decimal(precision, Math.max(0, Math.min(scale, precision)));
            case "text", "varchar", "bpchar", "char", "name", "uuid", "json", "jsonb", "time", "timetz", "citext", "xml" -> DataTypes.STRING;
            case "bool", "boolean" -> DataTypes.BOOLEAN;
            case "bytea" -> DataTypes.BINARY;
            case "date" -> DataTypes.DATE;
            case "timestamp", "timestamptz" -> DataTypes.TIMESTAMP;
            default -> null;
        };
    }

    /** The PostgreSQL type to store an Arrow type in (temporary tables, casts). */
    public static String sqlType(ArrowType type) {
        if (type instanceof ArrowType.Int integer) {
            if (!integer.getIsSigned()) {
                return integer.getBitWidth() <= 16 ? "int4" : "int8";
            }
            return integer.getBitWidth() <= 16 ? "int2" : integer.getBitWidth() == 32 ? "int4" : "int8";
        }
        if (type instanceof ArrowType.FloatingPoint fp) {
            return fp.getPrecision() == FloatingPointPrecision.SINGLE ? "float4" : "float8";
        }
        if (type instanceof ArrowType.Decimal decimal) {
            return "numeric(%d,%d)".formatted(decimal.getPrecision(), decimal.getScale());
        }
        if (type instanceof ArrowType.Utf8) {
            return "text";
        }
        if (type instanceof ArrowType.Binary) {
            return "bytea";
        }
        if (type instanceof ArrowType.Bool) {
            return "boolean";
        }
        if (type instanceof ArrowType.Date) {
            return "date";
        }
        if (type instanceof ArrowType.Timestamp) {
            return "timestamptz";
        }
        throw new WeftException(JdbcErrorCode.UNSUPPORTED_TYPE, "Weft type %s has no PostgreSQL column type; convert the column first (for example to a string)"
                .formatted(DataTypes.describe(type)));
    }
}
