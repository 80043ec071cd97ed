package dev.weft.kernels.ops;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The state of one aggregate for every group, in primitive arrays indexed by group id. A group id below 0 in the
 * {@code groupIds} arrays means "skip this row". Not thread-safe.
 */
abstract class Accumulator implements AutoCloseable {
    protected int capacity;

    /** The state columns of the intermediate schema (PARTIAL output, FINAL input, spill files). */
    abstract List<Field> stateFields();

    /** Makes room for group ids below {@code groupCount}; new groups start empty. */
    final void ensureCapacity(int groupCount) {
        if (groupCount > capacity) {
            int newCapacity = Math.max(groupCount, Math.max(16, capacity + (capacity >> 1)));
            resize(newCapacity);
            capacity = newCapacity;
        }
    }

    abstract void resize(int newCapacity);

    /** Folds raw argument values (null for count(*)) into their groups. */
    abstract void add(FieldVector argument, int[] groupIds, int rowCount);

    /** Folds intermediate state rows into their groups; {@code state} are this accumulator's state columns. */
    abstract void merge(List<FieldVector> state, int[] groupIds, int rowCount);

    /** Fills empty state vectors with the state of {@code groups[0..count)}. */
    abstract void writeState(List<FieldVector> state, int[] groups, int count);

    /** Fills an empty vector of the output type with the results of {@code groups[0..count)}. */
    abstract void writeResult(FieldVector output, int[] groups, int count);

    /** Java heap bytes held. */
    abstract long memoryBytes();

    @Override
    public void close() {}

    static long[] grow(long[] array, int length) {
        return Arrays.copyOf(array, length);
    }

    static double[] grow(double[] array, int length) {
        return Arrays.copyOf(array, length);
    }

    static boolean[] grow(boolean[] array, int length) {
        return Arrays.copyOf(array, length);
    }

    /** Scratch arrays reused across batches. */
    static final class Scratch {
        long[] longs = new long[0];
        long[] highs = new long[0];
        double[] doubles = new double[0];

        long[] longs(int rows) {
            if (longs.length < rows) {
                longs = new long[rows];
            }
            return longs;
        }

        long[] highs(int rows) {
            if (highs.length < rows) {
                highs = new long[rows];
            }
            return highs;
        }

        double[] doubles(int rows) {
            if (doubles.length < rows) {
                doubles = new double[rows];
            }
            return doubles;
        }

        long bytes() {
            return longs.length * 8L + highs.length * 8L + doubles.length * 8L;
        }
    }
}
