package dev.weft.channels;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.Row;
import java.util.List;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Reads a group of columns (the top level of a batch, or the children of a struct) into a record or a Row. */
final class FieldsReader {
    private final String description;
    private final ValueReader[] readers;
    /** Null for Row values. */
    private final RecordAccess record;
    private final boolean[] primitive;
    private final Object[] arguments;
    private final Schema rowSchema;

    private FieldsReader(String description, ValueReader[] readers, RecordAccess record, Schema rowSchema) {
        this.description = description;
        this.readers = readers;
        this.record = record;
        this.rowSchema = rowSchema;
        this.primitive = new boolean[readers.length];
        if (record != null) {
            for (int i = 0; i < readers.length; i++) {
                primitive[i] = record.component(i).getType().isPrimitive();
            }
        }
        this.arguments = record == null ? null : new Object[readers.length];
    }

    static FieldsReader forRecord(Class<?> recordClass, List<Field> fields, String prefix) {
        RecordAccess access = RecordAccess.of(recordClass);
        if (access.componentCount() != fields.size()) {
            throw new WeftException(ErrorCode.TYPE_MISMATCH,
                    "record %s has %d components but its schema has %d columns; derive the schema with RecordSchemas.schemaOf"
                            .formatted(recordClass.getName(), access.componentCount(), fields.size()));
        }
        ValueReader[] readers = new ValueReader[fields.size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = ValueReaders.create(fields.get(i), access.component(i).getGenericType(), prefix + access.component(i).getName());
        }
        return new FieldsReader(recordClass.getName(), readers, access, null);
    }

    static FieldsReader forRow(List<Field> fields, String prefix) {
        ValueReader[] readers = new ValueReader[fields.size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = ValueReaders.create(fields.get(i), null, prefix + fields.get(i).getName());
        }
        return new FieldsReader("Row", readers, null, new Schema(fields));
    }

    void bind(List<? extends ValueVector> vectors) {
        if (vectors.size() != readers.length) {
            throw new WeftException(ErrorCode.TYPE_MISMATCH,
                    "the batch has %d columns where %s expects %d; the batch does not match the element type's schema"
                            .formatted(vectors.size(), description, readers.length));
        }
        for (int i = 0; i < readers.length; i++) {
            readers[i].bind(vectors.get(i));
        }
    }

    Object read(int index) {
        if (record == null) {
            Object[] values = new Object[readers.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = readers[i].read(index);
            }
            return Row.wrap(rowSchema, values);
        }
        for (int i = 0; i < arguments.length; i++) {
            Object value = readers[i].read(index);
            if (value == null && primitive[i]) {
                throw new WeftException(ErrorCode.TYPE_MISMATCH,
                        "column %s has a null at row %d but record component %s %s of %s cannot hold null; declare the component with its boxed type"
                                .formatted(readers[i].column, index, record.component(i).getType().getName(), record.component(i).getName(),
                                        record.recordClass().getName()));
            }
            arguments[i] = value;
        }
        return record.construct(arguments);
    }
}
