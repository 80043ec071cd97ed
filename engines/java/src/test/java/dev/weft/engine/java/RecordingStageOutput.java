package dev.weft.engine.java;

import static java.util.Objects.requireNonNull;

import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.StageOutput;
import dev.weft.api.types.ElementType;
import dev.weft.channels.RowDecoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A stage output that keeps the batches written to each partition, in arrival order. A hook runs before every write
 * and may throw (a failing channel; the writer still owns and closes the batch). {@link #handOff} turns what was
 * written into a stage input, as an in-process channel would. Thread-safe.
 */
final class RecordingStageOutput implements StageOutput, AutoCloseable {
    /** Runs before a batch is stored in {@code partition}. */
    @FunctionalInterface
    interface WriteHook {
        void beforeWrite(int partition, VectorSchemaRoot batch);
    }

    private final Schema schema;
    private final List<List<VectorSchemaRoot>> written = new ArrayList<>();
    private final WriteHook hook;

    RecordingStageOutput(Schema schema, int partitions, WriteHook hook) {
        this.schema = requireNonNull(schema, "schema is null");
        this.hook = requireNonNull(hook, "hook is null");
        for (int i = 0; i < partitions; i++) {
            written.add(new ArrayList<>());
        }
    }

    RecordingStageOutput(Schema schema, int partitions) {
        this(schema, partitions, (partition, batch) -> {});
    }

    @Override
    public int partitions() {
        return written.size();
    }

    @Override
    public BatchWriter partition(int partition) {
        if (partition < 0 || partition >= written.size()) {
            throw new IllegalArgumentException("partition %d of %d".formatted(partition, written.size()));
        }
        return batch -> {
            try {
                hook.beforeWrite(partition, batch);
            } catch (RuntimeException e) {
                batch.close();
                throw e;
            }
            synchronized (this) {
                written.get(partition).add(batch);
            }
        };
    }

    /** The batches written to a partition, in order (still owned by this output). */
    synchronized List<VectorSchemaRoot> batches(int partition) {
        return List.copyOf(written.get(partition));
    }

    /** Every batch written, partition by partition. */
    synchronized List<VectorSchemaRoot> allBatches() {
        return written.stream().flatMap(List::stream).toList();
    }

    /** The elements of one partition, decoded, in order. */
    <T> List<T> elements(int partition, ElementType<T> type) {
        return decode(batches(partition), type);
    }

    /** The elements of every partition, partition by partition. */
    <T> List<T> allElements(ElementType<T> type) {
        return decode(allBatches(), type);
    }

    /** A stage input reading what was written; the batches move to it (this output is left empty). */
    synchronized InMemoryStageInput handOff() {
        List<List<VectorSchemaRoot>> batches = new ArrayList<>();
        for (List<VectorSchemaRoot> partition : written) {
            batches.add(new ArrayList<>(partition));
            partition.clear();
        }
        return new InMemoryStageInput(schema, batches);
    }

    @Override
    public synchronized void close() {
        for (List<VectorSchemaRoot> partition : written) {
            partition.forEach(VectorSchemaRoot::close);
            partition.clear();
        }
    }

    private static <T> List<T> decode(List<VectorSchemaRoot> batches, ElementType<T> type) {
        List<T> elements = new ArrayList<>();
        RowDecoder<T> decoder = RowDecoder.create(type);
        for (VectorSchemaRoot batch : batches) {
            decoder.bind(batch);
            for (int row = 0; row < batch.getRowCount(); row++) {
                elements.add(decoder.get(row));
            }
        }
        return elements;
    }
}
