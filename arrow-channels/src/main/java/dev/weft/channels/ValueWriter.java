package dev.weft.channels;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import org.apache.arrow.vector.types.pojo.Field;

/** Writes Java values of one column into its vector at a given index, growing the vector as needed. */
abstract class ValueWriter {
    final String column;
    final Field field;

    ValueWriter(String column, Field field) {
        this.column = column;
        this.field = field;
    }

    final void write(int index, Object value) {
        if (value == null) {
            if (!field.isNullable()) {
                throw new WeftException(ErrorCode.TYPE_MISMATCH,
                        "column %s of type %s is not nullable but the element has null there; give it a value, or declare the column nullable"
                                .formatted(column, DataTypes.describe(field.getType())));
            }
            writeNull(index);
        } else {
            writeValue(index, value);
        }
    }

    abstract void writeNull(int index);

    /** {@code value} is not null. */
    abstract void writeValue(int index, Object value);

    final WeftException mismatch(Object value, String expected) {
        return new WeftException(ErrorCode.TYPE_MISMATCH,
                "column %s of type %s cannot hold %s of class %s; give it %s".formatted(
                        column, DataTypes.describe(field.getType()), Values.abbreviate(value), value.getClass().getName(), expected));
    }
}
