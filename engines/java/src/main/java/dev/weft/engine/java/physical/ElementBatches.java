package dev.weft.engine.java.physical;

import dev.weft.api.WeftException;
import dev.weft.api.types.ElementType;
import dev.weft.channels.RowDecoder;
import dev.weft.channels.RowEncoder;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Java elements in and out of batches, for the operators that work on decoded elements (reduce, coGroup...). */
final class ElementBatches {
    private ElementBatches() {}

    /** A sink that decodes each row and hands the element to {@code consumer}; batches are released after. */
    static BatchSink decoding(ElementType<Object> type, Consumer<Object> consumer, Runnable atEnd) {
        RowDecoder<Object> decoder = RowDecoder.create(type);
        return new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                try (batch) {
                    decoder.bind(batch);
                    int rows = batch.getRowCount();
                    for (int row = 0; row < rows; row++) {
                        consumer.accept(decoder.get(row));
                    }
                }
                return true;
            }

            @Override
            public void finish() {
                atEnd.run();
            }
        };
    }

    /** Encodes elements into batches of the target size and pushes them to {@code out} (which finishes at {@link #finish}). */
    static final class Encoding implements AutoCloseable {
        private final PhysicalNode node;
        private final ExecutionContext context;
        private final RowEncoder<Object> encoder;
        private final BatchSink out;
        private boolean stopped;

        Encoding(PhysicalNode node, ExecutionContext context, ElementType<Object> type, BatchSink out) {
            this.node = node;
            this.context = context;
            this.encoder = RowEncoder.create(type, context.allocator());
            this.out = out;
        }

        /** Appends an element; false once the downstream wants no more. */
        boolean add(Object element) {
            if (stopped) {
                return false;
            }
            try {
                encoder.append(element);
            } catch (WeftException e) {
                throw Failures.withOperator(e, node.describe());
            }
            if (encoder.rowCount() >= context.batchSize()) {
                context.checkCancelled();
                flush();
            }
            return !stopped;
        }

        private void flush() {
            if (encoder.rowCount() > 0 && !stopped) {
                VectorSchemaRoot batch = encoder.finish();
                node.recordOutput(batch);
                stopped = !out.accept(batch);
            }
        }

        void finish() {
            flush();
            out.finish();
        }

        @Override
        public void close() {
            encoder.close();
        }
    }
}
