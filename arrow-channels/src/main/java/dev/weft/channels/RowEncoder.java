package dev.weft.channels;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.ElementType;
import dev.weft.api.types.Row;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/** Appends Java elements (records, Row, scalars per ElementType) to Arrow vectors; not thread-safe. */
public final class RowEncoder<T> implements AutoCloseable {
    private static final int INITIAL_CAPACITY = 1024;
    private static final int MIN_CAPACITY = 16;

    private final ElementType<T> type;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final ColumnEncoder[] encoders;
    private final int columnCount;
    private int rowCount;
    private int capacity = INITIAL_CAPACITY;
    private boolean allocated;
    private boolean closed;

    private RowEncoder(ElementType<T> type, BufferAllocator allocator) {
        this.type = type;
        this.allocator = allocator;
        this.columnCount = type.schema().getFields().size();
        this.root = VectorSchemaRoot.create(type.schema(), allocator);
        try {
            this.encoders = encoders(type, root);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    public static <T> RowEncoder<T> create(ElementType<T> type, BufferAllocator allocator) {
        requireNonNull(type, "type is null");
        requireNonNull(allocator, "allocator is null");
        return new RowEncoder<>(type, allocator);
    }

    private static ColumnEncoder[] encoders(ElementType<?> type, VectorSchemaRoot root) {
        List<Field> fields = type.schema().getFields();
        List<FieldVector> vectors = root.getFieldVectors();
        return switch (type.shape()) {
            case RECORD -> ColumnEncoders.forRecord(RecordAccess.of(type.javaClass()), fields, vectors, "");
            case ROW -> ColumnEncoders.forRow(fields, vectors, "");
            case SCALAR -> {
                if (fields.size() != 1) {
                    throw new WeftException(ErrorCode.TYPE_MISMATCH,
                            "scalar element type %s needs exactly one column, its schema has %d".formatted(type, fields.size()));
                }
                yield new ColumnEncoder[] {ColumnEncoders.scalar(fields.get(0), vectors.get(0))};
            }
        };
    }

    /** Throws WeftException(WRONG_OUTPUT_TYPE) naming expected and actual class if element is not of the type. */
    public void append(T element) {
        if (closed) {
            throw new IllegalStateException("encoder of %s is closed".formatted(type));
        }
        checkElement(element);
        if (!allocated) {
            allocate();
        }
        int index = rowCount;
        for (ColumnEncoder encoder : encoders) {
            encoder.encode(element, index);
        }
        rowCount = index + 1;
    }

    private void checkElement(Object element) {
        if (type.shape() == ElementType.Shape.ROW) {
            if (element instanceof Row row && row.size() == columnCount) {
                return;
            }
            throw new WeftException(ErrorCode.WRONG_OUTPUT_TYPE,
                    "expected a Row of %d values %s but got %s; return rows of the declared schema"
                            .formatted(columnCount, type, element instanceof Row row ? "a Row of %d values".formatted(row.size()) : describe(element)));
        }
        if (type.javaClass().isInstance(element) || element == null && type.isScalar()) {
            return;
        }
        throw new WeftException(ErrorCode.WRONG_OUTPUT_TYPE,
                "expected %s but got %s; return elements of the declared type %s or declare the type the function really returns"
                        .formatted(type.javaClass().getName(), describe(element), type.javaClass().getSimpleName()));
    }

    private static String describe(Object element) {
        return element == null ? "null" : "%s (%s)".formatted(element.getClass().getName(), Values.abbreviate(element));
    }

    private void allocate() {
        for (FieldVector vector : root.getFieldVectors()) {
            vector.setInitialCapacity(capacity);
            vector.allocateNew();
        }
        allocated = true;
    }

    public int rowCount() {
        return rowCount;
    }

    /** Hands over the rows appended since the last finish as a new VectorSchemaRoot (caller owns it); the encoder is ready for more. */
    public VectorSchemaRoot finish() {
        if (closed) {
            throw new IllegalStateException("encoder of %s is closed".formatted(type));
        }
        if (!allocated) {
            return Batches.empty(type.schema(), allocator);
        }
        root.setRowCount(rowCount);
        VectorSchemaRoot batch = Batches.transfer(root, allocator);
        capacity = Math.max(rowCount, MIN_CAPACITY);
        rowCount = 0;
        allocated = false;
        return batch;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            root.close();
        }
    }
}
