package dev.weft.channels;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/** Utilities on whole Arrow batches: size, row copies, zero-copy transfer, empty batches. */
public final class Batches {
    private Batches() {}

    /** Bytes of all buffers of the batch. */
    public static long sizeInBytes(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        long bytes = 0;
        for (FieldVector vector : batch.getFieldVectors()) {
            bytes += vector.getBufferSize();
        }
        return bytes;
    }

    /** A new batch (caller owns) with the given rows copied, in order. */
    public static VectorSchemaRoot copyRows(VectorSchemaRoot source, int[] rows, int count, BufferAllocator allocator) {
        requireNonNull(source, "source is null");
        requireNonNull(rows, "rows is null");
        requireNonNull(allocator, "allocator is null");
        if (count < 0 || count > rows.length) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "row count %d is outside the row array of length %d: pass 0..rows.length".formatted(count, rows.length));
        }
        int sourceRows = source.getRowCount();
        for (int i = 0; i < count; i++) {
            if (rows[i] < 0 || rows[i] >= sourceRows) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                        "row index %d at position %d is outside the batch of %d rows".formatted(rows[i], i, sourceRows));
            }
        }
        List<FieldVector> sources = source.getFieldVectors();
        List<FieldVector> targets = new ArrayList<>(sources.size());
        try {
            for (FieldVector from : sources) {
                FieldVector to = from.getField().createVector(allocator);
                targets.add(to);
                VectorCopier.copy(from, to, rows, count);
            }
            return new VectorSchemaRoot(source.getSchema().getFields(), targets, count);
        } catch (RuntimeException e) {
            closeQuietly(targets, e);
            throw e;
        }
    }

    /** A new batch that takes over the buffers of source (zero copy); source is left empty. */
    public static VectorSchemaRoot transfer(VectorSchemaRoot source, BufferAllocator allocator) {
        requireNonNull(source, "source is null");
        requireNonNull(allocator, "allocator is null");
        int rowCount = source.getRowCount();
        List<FieldVector> sources = source.getFieldVectors();
        List<FieldVector> targets = new ArrayList<>(sources.size());
        try {
            for (FieldVector from : sources) {
                FieldVector to = from.getField().createVector(allocator);
                targets.add(to);
                TransferPair pair = from.makeTransferPair(to);
                pair.transfer();
            }
        } catch (RuntimeException e) {
            closeQuietly(targets, e);
            throw e;
        }
        source.clear();
        return new VectorSchemaRoot(source.getSchema().getFields(), targets, rowCount);
    }

    /** An empty batch of the schema. */
    public static VectorSchemaRoot empty(Schema schema, BufferAllocator allocator) {
        requireNonNull(schema, "schema is null");
        requireNonNull(allocator, "allocator is null");
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            for (FieldVector vector : root.getFieldVectors()) {
                vector.setInitialCapacity(1);
                vector.allocateNew();
            }
            root.setRowCount(0);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static void closeQuietly(List<FieldVector> vectors, RuntimeException failure) {
        try {
            AutoCloseables.close(vectors);
        } catch (Exception suppressed) {
            failure.addSuppressed(suppressed);
        }
    }
}
