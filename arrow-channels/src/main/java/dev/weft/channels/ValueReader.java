package dev.weft.channels;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Reads the Java values of one column from the vector it is bound to. */
abstract class ValueReader {
    final String column;
    final Field field;

    ValueReader(String column, Field field) {
        this.column = column;
        this.field = field;
    }

    /** Binds to the vector of a new batch; throws if the vector is not of the expected type. */
    abstract void bind(ValueVector vector);

    /** The value at the index, null where the vector has a null. */
    abstract Object read(int index);

    final WeftException wrongVector(ValueVector vector) {
        return new WeftException(ErrorCode.TYPE_MISMATCH,
                "column %s is %s in the batch but the element type expects %s; the batch does not match the element type's schema (columns are matched by position)"
                        .formatted(column, DataTypes.describe(vector.getField().getType()), DataTypes.describe(field.getType())));
    }
}
