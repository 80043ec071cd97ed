package dev.weft.engine.java.exec;

import dev.weft.channels.Batches;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Hash partitioning: which of n partitions a row (by its key columns) or a Java key belongs to. */
public final class KeyPartitioner {
    private KeyPartitioner() {}

    /** The partition of every row of the batch, from the values of its key columns (equal keys, equal partitions). */
    public static int[] partitionsOf(VectorSchemaRoot batch, int[] keyColumns, int partitionCount) {
        int rows = batch.getRowCount();
        int[] partitions = new int[rows];
        if (partitionCount == 1) {
            return partitions;
        }
        List<FieldVector> vectors = batch.getFieldVectors();
        int[] hashes = new int[rows];
        java.util.Arrays.fill(hashes, 1);
        for (int column : keyColumns) {
            FieldVector vector = vectors.get(column);
            for (int row = 0; row < rows; row++) {
                hashes[row] = 31 * hashes[row] + vector.hashCode(row);
            }
        }
        for (int row = 0; row < rows; row++) {
            partitions[row] = Math.floorMod(mix(hashes[row]), partitionCount);
        }
        return partitions;
    }

    /** The partition of a Java key (by its hashCode; null keys go to partition 0). */
    public static int partitionOf(Object key, int partitionCount) {
        return key == null ? 0 : Math.floorMod(mix(key.hashCode()), partitionCount);
    }

    /**
     * Copies the rows of the batch into one new batch per partition (null where a partition gets no rows); the
     * caller keeps the batch and owns the pieces.
     */
    public static VectorSchemaRoot[] split(VectorSchemaRoot batch, int[] keyColumns, int partitionCount, BufferAllocator allocator) {
        VectorSchemaRoot[] pieces = new VectorSchemaRoot[partitionCount];
        int[] partitions = partitionsOf(batch, keyColumns, partitionCount);
        int[] counts = new int[partitionCount];
        for (int partition : partitions) {
            counts[partition]++;
        }
        int[][] rows = new int[partitionCount][];
        for (int p = 0; p < partitionCount; p++) {
            rows[p] = new int[counts[p]];
        }
        int[] filled = new int[partitionCount];
        for (int row = 0; row < partitions.length; row++) {
            int p = partitions[row];
            rows[p][filled[p]++] = row;
        }
        try {
            for (int p = 0; p < partitionCount; p++) {
                if (counts[p] > 0) {
                    pieces[p] = Batches.copyRows(batch, rows[p], counts[p], allocator);
                }
            }
        } catch (RuntimeException e) {
            for (VectorSchemaRoot piece : pieces) {
                if (piece != null) {
                    piece.close();
                }
            }
            throw e;
        }
        return pieces;
    }

    /** Murmur3's finalizer: spreads the bits of a hash code. */
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
