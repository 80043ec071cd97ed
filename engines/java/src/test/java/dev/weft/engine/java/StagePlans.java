package dev.weft.engine.java;

import dev.weft.api.Pipeline;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.StageSplitter;
import dev.weft.api.spi.Stage;
import dev.weft.api.types.ElementType;
import dev.weft.channels.RowEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Multi-stage plans for tests: a pipeline cut into stages, an operator of a stage, batches of elements. */
final class StagePlans {
    private StagePlans() {}

    /** The pipeline's plan cut where {@code cut} says, every channel with {@code partitions} partitions, producers first. */
    static List<Stage> split(Pipeline pipeline, int partitions, BiPredicate<LogicalOperator, LogicalOperator> cut) {
        return StageSplitter.split(pipeline.plan(), "test", partitions, cut);
    }

    /** The one operator of the kind in the stage. */
    static <T extends LogicalOperator> T only(Stage stage, Class<T> kind) {
        List<T> found = stage.operators().stream().filter(kind::isInstance).map(kind::cast).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one %s in stage %s, found %s".formatted(kind.getSimpleName(), stage.id(), found));
        }
        return found.get(0);
    }

    /** A batch (the caller owns it) of the elements. */
    static <T> VectorSchemaRoot batch(ElementType<T> type, List<T> elements, BufferAllocator allocator) {
        try (RowEncoder<T> encoder = RowEncoder.create(type, allocator)) {
            elements.forEach(encoder::append);
            return encoder.finish();
        }
    }

    /** Batches of the elements, each partition a list of batches of the given sizes (0 = an empty batch). */
    static <T> List<List<VectorSchemaRoot>> partitions(ElementType<T> type, List<T> elements, List<List<Integer>> batchSizes,
                                                       BufferAllocator allocator) {
        List<List<VectorSchemaRoot>> partitions = new ArrayList<>();
        int next = 0;
        for (List<Integer> sizes : batchSizes) {
            List<VectorSchemaRoot> batches = new ArrayList<>();
            for (int size : sizes) {
                batches.add(batch(type, elements.subList(next, next + size), allocator));
                next += size;
            }
            partitions.add(batches);
        }
        if (next != elements.size()) {
            throw new IllegalArgumentException("batch sizes cover %d of %d elements".formatted(next, elements.size()));
        }
        return partitions;
    }
}
