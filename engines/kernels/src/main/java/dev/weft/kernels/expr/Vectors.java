package dev.weft.kernels.expr;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/** Creating result vectors and handing them over with the right field. */
final class Vectors {
    private Vectors() {}

    /**
     * A new vector of the field with room for {@code rowCount} values (fixed width: zeroed, all null); the caller
     * writes the values and validity and then calls {@code setValueCount(rowCount)}.
     */
    static FieldVector allocate(Field field, int rowCount, BufferAllocator allocator) {
        return allocate(field, rowCount, 0, allocator);
    }

    /** As {@link #allocate(Field, int, BufferAllocator)}, with {@code dataBytes} of room for variable-width data. */
    static FieldVector allocate(Field field, int rowCount, long dataBytes, BufferAllocator allocator) {
        if (field.getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.Null) {
            NullVector nulls = new NullVector(field);
            nulls.setValueCount(rowCount);
            return nulls;
        }
        FieldVector vector = field.createVector(allocator);
        try {
            if (vector instanceof BaseFixedWidthVector fixed) {
                fixed.allocateNew(rowCount);
            } else if (vector instanceof BaseVariableWidthVector variable) {
                variable.allocateNew(Math.max(dataBytes, 1), rowCount);
            } else {
                vector.setInitialCapacity(rowCount);
                vector.allocateNew();
            }
            return vector;
        } catch (RuntimeException | Error e) {
            vector.close();
            throw e;
        }
    }

    /** A vector of the field with {@code rowCount} nulls. */
    static FieldVector allNull(Field field, int rowCount, BufferAllocator allocator) {
        FieldVector vector = allocate(field, rowCount, allocator);
        vector.setValueCount(rowCount);
        return vector;
    }

    static void checkCapacity(ArrowBuf buffer, long bytes) {
        if (buffer.capacity() < bytes) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                    "an Arrow buffer holds %d bytes where %d are needed: the batch's vectors are shorter than its row count"
                            .formatted(buffer.capacity(), bytes));
        }
    }

    /** The address of a fixed-width vector's values after checking it holds {@code rowCount} of {@code width} bytes. */
    static long dataAddress(FieldVector vector, int rowCount, int width) {
        ArrowBuf data = vector.getDataBuffer();
        checkCapacity(data, (long) rowCount * width);
        return data.memoryAddress();
    }

    /**
     * Hands the values over as a vector the caller owns, with exactly {@code field}: an owned vector is returned (or
     * transferred to a vector with the right name); a borrowed input column is shared, its buffers' reference counts
     * retained (copied when the allocators do not share a root).
     */
    static FieldVector take(Values values, Field field, int rowCount, BufferAllocator allocator) {
        FieldVector vector = values.vector();
        if (values.isOwned()) {
            if (vector.getField().equals(field)) {
                return vector;
            }
            try {
                TransferPair transfer = vector.getTransferPair(field, allocator);
                transfer.transfer();
                return (FieldVector) transfer.getTo();
            } finally {
                vector.close();
            }
        }
        return share(vector, field, rowCount, allocator);
    }

    /** A new vector with the given field holding the first {@code rowCount} values of {@code source}, which stays valid. */
    static FieldVector share(FieldVector source, Field field, int rowCount, BufferAllocator allocator) {
        if (source instanceof NullVector) {
            NullVector nulls = new NullVector(field);
            nulls.setValueCount(rowCount);
            return nulls;
        }
        if (source.getAllocator().getRoot() == allocator.getRoot()) {
            TransferPair transfer = source.getTransferPair(field, allocator);
            transfer.splitAndTransfer(0, rowCount);
            return (FieldVector) transfer.getTo();
        }
        FieldVector copy = RowCopier.copy(source, identity(rowCount), rowCount, allocator);
        if (copy.getField().equals(field)) {
            return copy;
        }
        try {
            TransferPair transfer = copy.getTransferPair(field, allocator);
            transfer.transfer();
            return (FieldVector) transfer.getTo();
        } finally {
            copy.close();
        }
    }

    static int[] identity(int rowCount) {
        int[] rows = new int[rowCount];
        for (int i = 0; i < rowCount; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
