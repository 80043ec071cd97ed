package dev.weft.channels;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.ElementType;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/** Reads elements back from a batch; columns matched by position; not thread-safe; no per-value reflection. */
public final class RowDecoder<T> {
    private final ElementType<T> type;
    /** For records and Rows. */
    private final FieldsReader fields;
    /** For scalars. */
    private final ValueReader scalar;
    private VectorSchemaRoot batch;

    private RowDecoder(ElementType<T> type) {
        this.type = type;
        List<Field> schemaFields = type.schema().getFields();
        switch (type.shape()) {
            case RECORD -> {
                this.fields = FieldsReader.forRecord(type.javaClass(), schemaFields, "");
                this.scalar = null;
            }
            case ROW -> {
                this.fields = FieldsReader.forRow(schemaFields, "");
                this.scalar = null;
            }
            default -> {
                if (schemaFields.size() != 1) {
                    throw new WeftException(ErrorCode.TYPE_MISMATCH,
                            "scalar element type %s needs exactly one column, its schema has %d".formatted(type, schemaFields.size()));
                }
                this.fields = null;
                this.scalar = ValueReaders.create(schemaFields.get(0), null, schemaFields.get(0).getName());
            }
        }
    }

    public static <T> RowDecoder<T> create(ElementType<T> type) {
        requireNonNull(type, "type is null");
        return new RowDecoder<>(type);
    }

    /** Reads from this batch from now on; throws WeftException(TYPE_MISMATCH) if its columns do not have the element type's types. */
    public RowDecoder<T> bind(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        List<FieldVector> vectors = batch.getFieldVectors();
        if (fields != null) {
            fields.bind(vectors);
        } else {
            if (vectors.size() != 1) {
                throw new WeftException(ErrorCode.TYPE_MISMATCH,
                        "the batch has %d columns but scalar element type %s reads exactly one".formatted(vectors.size(), type));
            }
            scalar.bind(vectors.get(0));
        }
        this.batch = batch;
        return this;
    }

    @SuppressWarnings("unchecked")
    public T get(int row) {
        if (batch == null) {
            throw new IllegalStateException("decoder of %s is not bound to a batch: call bind(batch) first".formatted(type));
        }
        if (row < 0 || row >= batch.getRowCount()) {
            throw new IndexOutOfBoundsException("row %d is outside the batch of %d rows".formatted(row, batch.getRowCount()));
        }
        return (T) (fields != null ? fields.read(row) : scalar.read(row));
    }
}
