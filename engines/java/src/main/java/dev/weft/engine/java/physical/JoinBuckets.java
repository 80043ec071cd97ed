package dev.weft.engine.java.physical;

import dev.weft.channels.Batches;
import dev.weft.engine.java.exec.SpillableBatchBuffer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Hash-splits the rows of a join side into buckets by their (evaluated, type-unified) key columns, for a grace hash
 * join. Every level mixes the key hash with its own seed, unlike the engine's repartitioning, so the rows of one input
 * partition (or of one bucket of the level above) spread over all the buckets of the level.
 */
final class JoinBuckets {
    /** Buckets per split. */
    static final int FAN_OUT = 16;

    private JoinBuckets() {}

    /** The bucket of every row at {@code level} (>= 1); -1 for rows with a NULL key when {@code dropNullKeys}. */
    static int[] bucketsOf(VectorSchemaRoot batch, int[] keyColumns, int level, int count, boolean dropNullKeys) {
        int rows = batch.getRowCount();
        int[] hashes = new int[rows];
        java.util.Arrays.fill(hashes, 1);
        boolean[] dropped = new boolean[rows];
        List<FieldVector> vectors = batch.getFieldVectors();
        for (int column : keyColumns) {
            FieldVector vector = vectors.get(column);
            for (int row = 0; row < rows; row++) {
                if (dropNullKeys && vector.isNull(row)) {
                    dropped[row] = true;
                }
                hashes[row] = 31 * hashes[row] + hashOf(vector, row);
            }
        }
        int seed = 0x9E3779B9 * level;
        int[] buckets = new int[rows];
        for (int row = 0; row < rows; row++) {
            buckets[row] = dropped[row] ? -1 : Math.floorMod(mix(hashes[row] ^ seed), count);
        }
        return buckets;
    }

    /**
     * Appends the rows of the batch to their buckets at {@code level} (one copy per non-empty bucket); the caller keeps
     * the batch. Rows with a NULL key are dropped when {@code dropNullKeys} (they never match).
     */
    static void split(VectorSchemaRoot batch, int[] keyColumns, int level, List<SpillableBatchBuffer> into, boolean dropNullKeys,
                      BufferAllocator allocator) {
        int count = into.size();
        int[] buckets = bucketsOf(batch, keyColumns, level, count, dropNullKeys);
        int[] counts = new int[count];
        for (int bucket : buckets) {
            if (bucket >= 0) {
                counts[bucket]++;
            }
        }
        int[][] rows = new int[count][];
        for (int b = 0; b < count; b++) {
            rows[b] = new int[counts[b]];
        }
        int[] filled = new int[count];
        for (int row = 0; row < buckets.length; row++) {
            int b = buckets[row];
            if (b >= 0) {
                rows[b][filled[b]++] = row;
            }
        }
        for (int b = 0; b < count; b++) {
            if (counts[b] > 0) {
                into.get(b).append(Batches.copyRows(batch, rows[b], counts[b], allocator));
            }
        }
    }

    /**
     * The hash of a key value, equal for values the join finds equal: floating point values as the kernels compare
     * them (-0.0 as 0.0, every NaN alike), other values by their bytes.
     */
    private static int hashOf(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return 0;
        }
        if (vector instanceof Float8Vector doubles) {
            return hashOfDouble(doubles.get(row));
        }
        if (vector instanceof Float4Vector floats) {
            return hashOfDouble(floats.get(row));
        }
        return vector.hashCode(row);
    }

    private static int hashOfDouble(double value) {
        return value == 0.0 ? 0 : Long.hashCode(Double.doubleToLongBits(value));
    }

    /** Murmur3's finalizer. */
    private static int mix(int hash) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
