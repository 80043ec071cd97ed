package dev.weft.kernels.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The in-memory state of a hash aggregation: a {@link GroupIdMap}, the key values of every group (Arrow vectors, row =
 * group id) and one {@link Accumulator} per aggregate. Emits results or state, or spills its state to hash
 * partitions.
 */
final class GroupingState implements AutoCloseable {
    private final AggregateLayout layout;
    private final BufferAllocator allocator;
    private final GroupIdMap map;
    private final FieldVector[] keyVectors;
    private final List<Accumulator> accumulators = new ArrayList<>();
    private final FieldVector[] keyScratch;
    private int[] groupIds = new int[0];

    GroupingState(AggregateLayout layout, BufferAllocator allocator, int expectedGroups) {
        this.layout = layout;
        this.allocator = allocator;
        this.map = GroupIdMap.create(layout.keyKinds, true, expectedGroups);
        this.keyVectors = new FieldVector[layout.keyCount()];
        this.keyScratch = new FieldVector[layout.keyCount()];
        try {
            for (int c = 0; c < keyVectors.length; c++) {
                keyVectors[c] = layout.keyFields.get(c).createVector(allocator);
                keyVectors[c].allocateNew();
            }
            for (AggregateFunctions.Resolved aggregate : layout.aggregates) {
                accumulators.add(AggregateFunctions.create(aggregate, layout.input, allocator));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Raw input rows: keys and arguments at the input's column indices. */
    void addRaw(VectorSchemaRoot batch) {
        int rowCount = batch.getRowCount();
        for (int c = 0; c < keyScratch.length; c++) {
            keyScratch[c] = batch.getVector(layout.keyColumns[c]);
        }
        assignGroups(keyScratch, rowCount);
        for (int a = 0; a < accumulators.size(); a++) {
            int argument = layout.aggregates.get(a).spec().argumentColumn();
            accumulators.get(a).add(argument < 0 ? null : batch.getVector(argument), groupIds, rowCount);
        }
    }

    /** Rows of the state schema: keys first, then each aggregate's state columns. */
    void mergeState(VectorSchemaRoot batch) {
        int rowCount = batch.getRowCount();
        List<FieldVector> vectors = batch.getFieldVectors();
        for (int c = 0; c < keyScratch.length; c++) {
            keyScratch[c] = vectors.get(c);
        }
        assignGroups(keyScratch, rowCount);
        int column = keyScratch.length;
        for (Accumulator accumulator : accumulators) {
            int width = accumulator.stateFields().size();
            accumulator.merge(vectors.subList(column, column + width), groupIds, rowCount);
            column += width;
        }
    }

    private void assignGroups(FieldVector[] keys, int rowCount) {
        if (groupIds.length < rowCount) {
            groupIds = new int[Math.max(rowCount, groupIds.length * 2)];
        }
        int before = map.size();
        map.insert(keys, rowCount, groupIds);
        int after = map.size();
        if (after > before) {
            int next = before;
            for (int i = 0; i < rowCount && next < after; i++) {
                if (groupIds[i] == next) {
                    for (int c = 0; c < keys.length; c++) {
                        keyVectors[c].copyFromSafe(i, next, keys[c]);
                    }
                    next++;
                }
            }
            for (FieldVector keyVector : keyVectors) {
                keyVector.setValueCount(after);
            }
        }
        for (Accumulator accumulator : accumulators) {
            accumulator.ensureCapacity(after);
        }
    }

    int groupCount() {
        return map.size();
    }

    long memoryBytes() {
        long bytes = map.memoryBytes() + groupIds.length * 4L;
        for (FieldVector keyVector : keyVectors) {
            bytes += BatchCopies.bytes(keyVector);
        }
        for (Accumulator accumulator : accumulators) {
            bytes += accumulator.memoryBytes();
        }
        return bytes;
    }

    /**
     * Emits every group in batches of {@code batchSize}: results (keys then outputs) or, if {@code state}, the state
     * schema. {@code minimumGroups} 1 emits one row for a global aggregation of no rows.
     */
    long emit(Consumer<VectorSchemaRoot> output, BufferAllocator outputAllocator, int batchSize, boolean state, int minimumGroups) {
        int groups = Math.max(map.size(), minimumGroups);
        for (Accumulator accumulator : accumulators) {
            accumulator.ensureCapacity(groups);
        }
        Schema schema = state ? layout.stateSchema : layout.resultSchema;
        for (int from = 0; from < groups; from += batchSize) {
            int count = Math.min(batchSize, groups - from);
            int[] ids = new int[count];
            for (int i = 0; i < count; i++) {
                ids[i] = from + i;
            }
            VectorSchemaRoot root = VectorSchemaRoot.create(schema, outputAllocator);
            try {
                writeGroups(root, ids, count, state);
            } catch (RuntimeException e) {
                root.close();
                throw e;
            }
            output.accept(root);
        }
        return groups;
    }

    private void writeGroups(VectorSchemaRoot root, int[] ids, int count, boolean state) {
        List<FieldVector> vectors = root.getFieldVectors();
        for (int c = 0; c < keyVectors.length; c++) {
            VectorGather.gather(keyVectors[c], ids, 0, count, vectors.get(c));
        }
        int column = keyVectors.length;
        for (Accumulator accumulator : accumulators) {
            if (state) {
                int width = accumulator.stateFields().size();
                accumulator.writeState(vectors.subList(column, column + width), ids, count);
                column += width;
            } else {
                accumulator.writeResult(vectors.get(column++), ids, count);
            }
        }
        root.setRowCount(count);
    }

    /** Writes the state of every group (and every distinct value) to the hash partitions of {@code level}. */
    void spill(SpillPartitions partitions, int level, int batchSize) {
        int groups = map.size();
        if (groups == 0) {
            return;
        }
        int[] groupPartition = new int[groups];
        for (int g = 0; g < groups; g++) {
            groupPartition[g] = Hashing.partition(map.hash(g), level);
        }
        int[] identity = ColumnWriter.identity(groups);
        writePartitioned(partitions, identity, groupPartition, groups, batchSize, (root, ids, count) -> writeGroups(root, ids, count, true));
        for (int a = 0; a < accumulators.size(); a++) {
            if (accumulators.get(a) instanceof DistinctAccumulator distinct && distinct.pairCount() > 0) {
                int pairs = distinct.pairCount();
                int[] pairGroups = distinct.pairGroups();
                int[] pairPartition = new int[pairs];
                for (int p = 0; p < pairs; p++) {
                    pairPartition[p] = groupPartition[pairGroups[p]];
                }
                int distinctIndex = a;
                writePartitioned(partitions, ColumnWriter.identity(pairs), pairPartition, pairs, batchSize,
                        (root, ids, count) -> writeDistinctValues(root, ids, count, distinctIndex, distinct));
            }
        }
    }

    private interface RowWriter {
        void write(VectorSchemaRoot root, int[] ids, int count);
    }

    private void writePartitioned(SpillPartitions partitions, int[] items, int[] partitionOf, int count, int batchSize, RowWriter writer) {
        int[] starts = new int[Hashing.PARTITIONS + 1];
        for (int i = 0; i < count; i++) {
            starts[partitionOf[i] + 1]++;
        }
        for (int p = 0; p < Hashing.PARTITIONS; p++) {
            starts[p + 1] += starts[p];
        }
        int[] ordered = new int[count];
        int[] cursors = starts.clone();
        for (int i = 0; i < count; i++) {
            ordered[cursors[partitionOf[i]]++] = items[i];
        }
        for (int p = 0; p < Hashing.PARTITIONS; p++) {
            for (int from = starts[p]; from < starts[p + 1]; from += batchSize) {
                int chunk = Math.min(batchSize, starts[p + 1] - from);
                int[] ids = Arrays.copyOfRange(ordered, from, from + chunk);
                try (VectorSchemaRoot root = VectorSchemaRoot.create(layout.stateSchema, allocator)) {
                    writer.write(root, ids, chunk);
                    partitions.write(p, root);
                }
            }
        }
    }

    private void writeDistinctValues(VectorSchemaRoot root, int[] pairs, int count, int distinctIndex, DistinctAccumulator distinct) {
        List<FieldVector> vectors = root.getFieldVectors();
        int[] pairGroups = distinct.pairGroups();
        int[] groups = new int[count];
        for (int i = 0; i < count; i++) {
            groups[i] = pairGroups[pairs[i]];
        }
        for (int c = 0; c < keyVectors.length; c++) {
            VectorGather.gather(keyVectors[c], groups, 0, count, vectors.get(c));
        }
        int column = keyVectors.length;
        for (int a = 0; a < accumulators.size(); a++) {
            List<Field> fields = accumulators.get(a).stateFields();
            for (int f = 0; f < fields.size(); f++) {
                FieldVector vector = vectors.get(column + f);
                if (a == distinctIndex) {
                    VectorGather.gather(distinct.values(), pairs, 0, count, vector);
                } else {
                    ColumnWriter.writeNeutral(vector, count);
                }
            }
            column += fields.size();
        }
        root.setRowCount(count);
    }

    @Override
    public void close() {
        List<AutoCloseable> closeables = new ArrayList<>(accumulators);
        for (FieldVector keyVector : keyVectors) {
            if (keyVector != null) {
                closeables.add(keyVector);
            }
        }
        BatchCopies.closeAll(closeables);
        accumulators.clear();
    }
}
