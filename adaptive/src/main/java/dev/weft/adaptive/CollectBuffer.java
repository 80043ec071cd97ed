package dev.weft.adaptive;

import dev.weft.api.spi.BatchWriter;
import dev.weft.api.types.ElementType;
import dev.weft.channels.RowDecoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Receives a collect sink's batches by reference (no copy) in arrival order, and turns them into Java elements
 * once the stage is done. Owns the batches it holds until {@link #close}.
 */
final class CollectBuffer implements BatchWriter, AutoCloseable {
    private final ElementType<?> elementType;
    private final List<VectorSchemaRoot> batches = new ArrayList<>();
    private boolean closed;

    CollectBuffer(ElementType<?> elementType) {
        this.elementType = elementType;
    }

    @Override
    public synchronized void write(VectorSchemaRoot batch) {
        if (closed) {
            batch.close();
            throw new IllegalStateException("collect buffer is closed");
        }
        batches.add(batch);
    }

    synchronized List<Object> decode() {
        @SuppressWarnings("unchecked")
        RowDecoder<Object> decoder = RowDecoder.create((ElementType<Object>) elementType);
        int total = batches.stream().mapToInt(VectorSchemaRoot::getRowCount).sum();
        List<Object> elements = new ArrayList<>(total);
        for (VectorSchemaRoot batch : batches) {
            decoder.bind(batch);
            for (int row = 0; row < batch.getRowCount(); row++) {
                elements.add(decoder.get(row));
            }
        }
        return elements;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (VectorSchemaRoot batch : batches) {
            batch.close();
        }
        batches.clear();
    }
}
