package dev.weft.kernels.ops;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/** Whole-batch copies: deep copies into an operator's allocator (buffers copied, never shared) and zero-copy moves. */
final class BatchCopies {
    private BatchCopies() {}

    /** A deep copy of the given columns of a batch (caller owns): one buffer copy per buffer, any vector type. */
    static VectorSchemaRoot copy(VectorSchemaRoot source, int[] columns, BufferAllocator allocator) {
        List<Field> fields = new ArrayList<>(columns.length);
        List<FieldVector> vectors = new ArrayList<>(columns.length);
        for (int column : columns) {
            fields.add(source.getSchema().getFields().get(column));
            vectors.add(source.getVector(column));
        }
        VectorSchemaRoot view = new VectorSchemaRoot(fields, vectors, source.getRowCount());
        return copy(view, allocator);
    }

    /** A deep copy of a batch (caller owns). */
    static VectorSchemaRoot copy(VectorSchemaRoot source, BufferAllocator allocator) {
        VectorSchemaRoot target = VectorSchemaRoot.create(new Schema(source.getSchema().getFields()), allocator);
        List<ArrowBuf> copies = new ArrayList<>();
        try (ArrowRecordBatch batch = new VectorUnloader(source).getRecordBatch()) {
            for (ArrowBuf buffer : batch.getBuffers()) {
                long length = buffer.readableBytes();
                ArrowBuf copy = allocator.buffer(Math.max(length, 1));
                if (length > 0) {
                    copy.setBytes(0, buffer, buffer.readerIndex(), length);
                }
                copy.writerIndex(length);
                copies.add(copy);
            }
            try (ArrowRecordBatch copied = new ArrowRecordBatch(batch.getLength(), batch.getNodes(), copies)) {
                new VectorLoader(target).load(copied);
            }
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        } finally {
            closeAll(copies);
        }
    }

    /** Moves the buffers of source into a new batch in {@code allocator} (caller owns); source is left empty. */
    static VectorSchemaRoot transfer(VectorSchemaRoot source, BufferAllocator allocator) {
        int rowCount = source.getRowCount();
        List<FieldVector> targets = new ArrayList<>();
        try {
            for (FieldVector from : source.getFieldVectors()) {
                FieldVector to = from.getField().createVector(allocator);
                targets.add(to);
                TransferPair pair = from.makeTransferPair(to);
                pair.transfer();
            }
        } catch (RuntimeException e) {
            closeAll(targets);
            throw e;
        }
        source.setRowCount(0);
        return new VectorSchemaRoot(source.getSchema().getFields(), targets, rowCount);
    }

    /** Bytes held by the buffers of a batch (their capacity). */
    static long bytes(VectorSchemaRoot batch) {
        long bytes = 0;
        for (FieldVector vector : batch.getFieldVectors()) {
            bytes += bytes(vector);
        }
        return bytes;
    }

    static long bytes(FieldVector vector) {
        long bytes = 0;
        for (ArrowBuf buffer : vector.getBuffers(false)) {
            bytes += buffer.capacity();
        }
        return bytes;
    }

    static void closeAll(List<? extends AutoCloseable> closeables) {
        try {
            AutoCloseables.close(closeables);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
