package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.sql.JDBCType;
import java.sql.Types;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@link java.sql.Types} to Arrow types for the generic dialect: TINYINT/SMALLINT/INTEGER/BIGINT, REAL/FLOAT/DOUBLE,
 * DECIMAL/NUMERIC(p,s) (p over 38 or unknown: decimal(38,18)), CHAR/VARCHAR/LONGVARCHAR/CLOB and their N forms as
 * strings, BINARY/VARBINARY/LONGVARBINARY/BLOB as binary, BOOLEAN/BIT, DATE, TIMESTAMP (read as UTC) and TIMESTAMP
 * WITH TIME ZONE. Anything else (TIME, INTERVAL, ARRAY, STRUCT, OTHER ...) has no mapping: the error names the column
 * and its SQL type.
 */
public final class GenericTypes {
    private GenericTypes() {}

    /** The Arrow type of a JDBC type code, or null when the generic dialect has none. */
    public static ArrowType arrowType(int jdbcType, int precision, int scale) {
        return switch (jdbcType) {
            case Types.TINYINT -> DataTypes.INT8;
            case Types.SMALLINT -> DataTypes.INT16;
            case Types.INTEGER -> DataTypes.INT32;
            case Types.BIGINT -> DataTypes.INT64;
            case Types.REAL -> DataTypes.FLOAT32;
            case Types.FLOAT, Types.DOUBLE -> DataTypes.FLOAT64;
            case Types.DECIMAL, Types.NUMERIC -> precision <= 0 || precision > DataTypes.MAX_DECIMAL_PRECISION
                    ? DataTypes.DEFAULT_DECIMAL
                    : DataTypes.decimal(precision, Math.max(0, Math.min(scale, precision)));
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.NCLOB -> DataTypes.STRING;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> DataTypes.BINARY;
            case Types.BOOLEAN, Types.BIT -> DataTypes.BOOLEAN;
            case Types.DATE -> DataTypes.DATE;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> DataTypes.TIMESTAMP;
            default -> null;
        };
    }

    /** The field of a column, or a WeftException naming the column, the relation and its SQL type. */
    public static Field field(String name, int jdbcType, String typeName, int precision, int scale, boolean nullable, String relation) {
        ArrowType type = arrowType(jdbcType, precision, scale);
        if (type == null) {
            throw new WeftException(JdbcErrorCode.UNSUPPORTED_TYPE,
                    "column '%s' of %s has SQL type %s (%s), which the generic JDBC dialect cannot map to a Weft type; cast it in a query, for example readJdbcQuery(ds, \"SELECT CAST(%s AS VARCHAR(100)) ...\")"
                            .formatted(name, relation, typeName, jdbcTypeName(jdbcType), name));
        }
        return DataTypes.field(name, type, nullable);
    }

    private static String jdbcTypeName(int jdbcType) {
        try {
            return "java.sql.Types." + JDBCType.valueOf(jdbcType).getName();
        } catch (IllegalArgumentException e) {
            return "java.sql.Types code " + jdbcType;
        }
    }
}
