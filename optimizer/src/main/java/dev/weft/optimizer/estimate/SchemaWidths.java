package dev.weft.optimizer.estimate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * How many bytes a row takes in Arrow form, column by column: fixed-width types their width (a boolean one bit), a
 * variable-width column (string, binary) its 4-byte offset plus the average length of its values, measured where the
 * estimator can ({@link #variableWidth}) and {@value #DEFAULT_VARIABLE_WIDTH_BYTES} bytes in all otherwise; a nullable
 * column one validity bit more. Lists count {@value #DEFAULT_LIST_LENGTH} elements per row, structs the sum of their
 * children.
 */
public final class SchemaWidths {
    /** A variable-width value whose length is not known: offset included. */
    public static final double DEFAULT_VARIABLE_WIDTH_BYTES = 32;
    /** Elements per list value when not known. */
    public static final double DEFAULT_LIST_LENGTH = 4;
    static final double OFFSET_BYTES = 4;
    static final double VALIDITY_BYTES = 1.0 / 8;

    private SchemaWidths() {}

    /** Bytes per row of a schema with default widths for variable-width columns. */
    public static double bytesPerRow(Schema schema) {
        double total = 0;
        for (Field field : schema.getFields()) {
            total += width(field);
        }
        return total;
    }

    /** Bytes per value of each column (by name, in schema order), with default widths for variable-width columns. */
    public static Map<String, Double> columnWidths(Schema schema) {
        Map<String, Double> widths = new LinkedHashMap<>();
        for (Field field : schema.getFields()) {
            widths.put(field.getName(), width(field));
        }
        return widths;
    }

    /** Bytes per value of one column, validity bit included, with default widths for variable-width parts. */
    public static double width(Field field) {
        double validity = field.isNullable() ? VALIDITY_BYTES : 0;
        return validity + dataWidth(field.getType(), field.getChildren());
    }

    /** Bytes per value of a variable-width column whose values average {@code averageLength} bytes. */
    public static double variableWidth(Field field, double averageLength) {
        return (field.isNullable() ? VALIDITY_BYTES : 0) + OFFSET_BYTES + Math.max(0, averageLength);
    }

    /** Whether the column's values have a length of their own (string, binary), which {@link #variableWidth} measures. */
    public static boolean isVariableWidth(Field field) {
        ArrowType type = field.getType();
        return type instanceof ArrowType.Utf8 || type instanceof ArrowType.Binary
                || type instanceof ArrowType.LargeUtf8 || type instanceof ArrowType.LargeBinary;
    }

    private static double dataWidth(ArrowType type, List<Field> children) {
        if (type instanceof ArrowType.Bool) {
            return 1.0 / 8;
        }
        if (type instanceof ArrowType.Int integer) {
            return integer.getBitWidth() / 8.0;
        }
        if (type instanceof ArrowType.FloatingPoint floating) {
            return switch (floating.getPrecision()) {
                case HALF -> 2;
                case SINGLE -> 4;
                case DOUBLE -> 8;
            };
        }
        if (type instanceof ArrowType.Decimal decimal) {
            return decimal.getBitWidth() / 8.0;
        }
        if (type instanceof ArrowType.Date date) {
            return date.getUnit() == org.apache.arrow.vector.types.DateUnit.DAY ? 4 : 8;
        }
        if (type instanceof ArrowType.Time time) {
            return time.getBitWidth() / 8.0;
        }
        if (type instanceof ArrowType.Timestamp || type instanceof ArrowType.Duration) {
            return 8;
        }
        if (type instanceof ArrowType.Interval) {
            return 16;
        }
        if (type instanceof ArrowType.FixedSizeBinary binary) {
            return binary.getByteWidth();
        }
        if (type instanceof ArrowType.Null) {
            return 0;
        }
        if (type instanceof ArrowType.Struct) {
            double total = 0;
            for (Field child : children) {
                total += width(child);
            }
            return total;
        }
        if (type instanceof ArrowType.List || type instanceof ArrowType.Map) {
            return OFFSET_BYTES + DEFAULT_LIST_LENGTH * childrenWidth(children);
        }
        if (type instanceof ArrowType.LargeList) {
            return 2 * OFFSET_BYTES + DEFAULT_LIST_LENGTH * childrenWidth(children);
        }
        if (type instanceof ArrowType.FixedSizeList list) {
            return list.getListSize() * childrenWidth(children);
        }
        // strings, binaries and anything else of variable width
        return DEFAULT_VARIABLE_WIDTH_BYTES;
    }

    private static double childrenWidth(List<Field> children) {
        double total = 0;
        for (Field child : children) {
            total += width(child);
        }
        return total;
    }
}
