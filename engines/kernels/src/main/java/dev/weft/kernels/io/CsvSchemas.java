package dev.weft.kernels.io;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Which column types a CSV file can hold: the scalar types of {@link DataTypes}. */
final class CsvSchemas {
    private static final String SUPPORTED =
            "boolean, tinyint, smallint, int, bigint, char, float, double, decimal, string, binary (base64), date, timestamp";

    private CsvSchemas() {}

    /** Rejects, before any row is read or written, a schema with a column that CSV cannot hold. */
    static void checkSupported(Schema schema, Object file) {
        List<Field> fields = schema.getFields();
        if (fields.isEmpty()) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "CSV file %s needs a schema with at least one column: declare the columns of the file".formatted(file));
        }
        for (Field field : fields) {
            if (!isSupported(field.getType())) {
                throw new WeftException(ErrorCode.UNSUPPORTED_TYPE,
                        "column '%s' of CSV file %s has type %s, which a CSV field cannot hold; CSV columns must be one of %s: flatten or convert the column (for example with a map) before CSV"
                                .formatted(field.getName(), file, DataTypes.describe(field.getType()), SUPPORTED));
            }
        }
    }

    static boolean isSupported(ArrowType type) {
        if (type instanceof ArrowType.Int integer) {
            return integer.getIsSigned() || integer.getBitWidth() == 16;
        }
        if (type instanceof ArrowType.FloatingPoint floatingPoint) {
            return floatingPoint.getPrecision() != FloatingPointPrecision.HALF;
        }
        if (type instanceof ArrowType.Decimal decimal) {
            return decimal.getBitWidth() == 128;
        }
        if (type instanceof ArrowType.Date date) {
            return date.getUnit() == DateUnit.DAY;
        }
        return type instanceof ArrowType.Bool
                || type instanceof ArrowType.Utf8
                || type instanceof ArrowType.Binary
                || type instanceof ArrowType.Timestamp;
    }
}
