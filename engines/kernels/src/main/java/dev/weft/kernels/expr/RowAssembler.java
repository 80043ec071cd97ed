package dev.weft.kernels.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Builds a result whose rows come from different evaluated parts (the branches of a CASE, the arguments of
 * COALESCE): each part is evaluated for the rows that need it, each result row records which part and which of
 * the part's rows it takes, and {@link #build} gathers them in row order.
 */
final class RowAssembler implements AutoCloseable {
    /** The values of one part; row {@code r} of the batch is row {@code r} of the part, or row k for {@code rows[k]}. */
    record Part(int id, FieldVector vector, boolean full) {
        int indexOf(int[] rows, int k) {
            return full ? rows[k] : k;
        }
    }

    private final int rowCount;
    private final int[] partOfRow;
    private final int[] indexOfRow;
    private final List<Values> parts = new ArrayList<>();

    RowAssembler(int rowCount) {
        this.rowCount = rowCount;
        this.partOfRow = new int[rowCount];
        this.indexOfRow = new int[rowCount];
        Arrays.fill(partOfRow, -1);
    }

    /**
     * Evaluates {@code evaluator} for rows {@code rows[0..count)}: on the whole batch when that is all rows or when
     * evaluating all rows is safe and cheaper than copying them, otherwise on a copy of just those rows.
     */
    Part evaluate(Evaluator evaluator, Batch batch, int[] rows, int count) {
        boolean subset = RowSubsets.worthIt(evaluator, batch, count);
        Values values = subset ? RowSubsets.evaluate(evaluator, batch, rows, count) : evaluator.evaluate(batch);
        parts.add(values);
        return new Part(parts.size() - 1, values.vector(), !subset);
    }

    void take(int row, Part part, int index) {
        partOfRow[row] = part.id();
        indexOfRow[row] = index;
    }

    FieldVector build(Field field, BufferAllocator allocator) {
        FieldVector result = Vectors.allocate(field, rowCount, allocator);
        if (result instanceof NullVector) {
            return result;
        }
        try {
            if (result instanceof BitVector) {
                buildBits(result);
            } else if (result instanceof BaseFixedWidthVector fixed) {
                buildFixedWidth(fixed);
            } else {
                for (int row = 0; row < rowCount; row++) {
                    int part = partOfRow[row];
                    if (part >= 0) {
                        result.copyFromSafe(indexOfRow[row], row, parts.get(part).vector());
                    }
                }
            }
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException | Error e) {
            result.close();
            throw e;
        }
    }

    private long[][] validities() {
        long[][] validities = new long[parts.size()][];
        for (int p = 0; p < validities.length; p++) {
            FieldVector vector = parts.get(p).vector();
            validities[p] = Bits.validity(vector, vector.getValueCount());
        }
        return validities;
    }

    private void buildBits(FieldVector result) {
        long[][] validities = validities();
        long[][] values = new long[parts.size()][];
        for (int p = 0; p < values.length; p++) {
            FieldVector vector = parts.get(p).vector();
            values[p] = vector instanceof BitVector bits ? Bits.values(bits, vector.getValueCount()) : new long[validities[p].length];
        }
        long[] resultValues = new long[Bits.words(rowCount)];
        long[] resultValidity = new long[resultValues.length];
        for (int row = 0; row < rowCount; row++) {
            int part = partOfRow[row];
            if (part >= 0 && Bits.isSet(validities[part], indexOfRow[row])) {
                Bits.set(resultValidity, row);
                if (Bits.isSet(values[part], indexOfRow[row])) {
                    Bits.set(resultValues, row);
                }
            }
        }
        if (rowCount > 0) {
            Bits.writeWords(result.getDataBuffer(), resultValues, rowCount);
            Bits.writeWords(result.getValidityBuffer(), resultValidity, rowCount);
        }
    }

    private void buildFixedWidth(BaseFixedWidthVector result) {
        if (rowCount == 0) {
            return;
        }
        int width = result.getTypeWidth();
        long[][] validities = validities();
        long[] addresses = new long[parts.size()];
        for (int p = 0; p < addresses.length; p++) {
            FieldVector vector = parts.get(p).vector();
            addresses[p] = vector instanceof NullVector ? 0 : Vectors.dataAddress(vector, vector.getValueCount(), width);
        }
        long to = Vectors.dataAddress(result, rowCount, width);
        long[] resultValidity = new long[Bits.words(rowCount)];
        for (int row = 0; row < rowCount; row++) {
            int part = partOfRow[row];
            if (part < 0) {
                continue;
            }
            int index = indexOfRow[row];
            if (!Bits.isSet(validities[part], index)) {
                continue;
            }
            Bits.set(resultValidity, row);
            long from = addresses[part] + (long) width * index;
            switch (width) {
                case 4 -> MemoryUtil.putInt(to + 4L * row, MemoryUtil.getInt(from));
                case 8 -> MemoryUtil.putLong(to + 8L * row, MemoryUtil.getLong(from));
                default -> MemoryUtil.copyMemory(from, to + (long) width * row, width);
            }
        }
        Bits.writeWords(result.getValidityBuffer(), resultValidity, rowCount);
    }

    @Override
    public void close() {
        for (Values part : parts) {
            part.close();
        }
    }
}
