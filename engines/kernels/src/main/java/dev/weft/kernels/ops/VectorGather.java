package dev.weft.kernels.ops;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * Fills an empty vector with rows picked from one or more source vectors of the same type: output position i gets
 * row {@code rows[from + i]} of {@code sources[sourceIndex[from + i]]} (or of {@code sources[0]} when sourceIndex is
 * null); a negative row gives NULL. Buffers are copied directly for fixed-width, boolean and variable-width vectors;
 * other vectors (lists, structs) go value by value. Reads sources only, so many threads may gather from the same
 * sources.
 */
final class VectorGather {
    private VectorGather() {}

    static void gather(FieldVector[] sources, int[] sourceIndex, int[] rows, int from, int count, FieldVector target) {
        boolean sameClass = true;
        for (FieldVector source : sources) {
            sameClass &= source.getClass() == target.getClass();
        }
        if (sameClass && target instanceof BitVector bits) {
            gatherBits(sources, sourceIndex, rows, from, count, bits);
        } else if (sameClass && target instanceof BaseFixedWidthVector fixed) {
            gatherFixed(sources, sourceIndex, rows, from, count, fixed);
        } else if (sameClass && target instanceof BaseVariableWidthVector variable) {
            gatherVariable(sources, sourceIndex, rows, from, count, variable);
        } else {
            gatherValues(sources, sourceIndex, rows, from, count, target);
        }
    }

    /** One source. */
    static void gather(FieldVector source, int[] rows, int from, int count, FieldVector target) {
        gather(new FieldVector[] {source}, null, rows, from, count, target);
    }

    private static void gatherFixed(FieldVector[] sources, int[] sourceIndex, int[] rows, int from, int count,
                                    BaseFixedWidthVector target) {
        target.allocateNew(Math.max(count, 1));
        int width = target.getTypeWidth();
        ArrowBuf validity = target.getValidityBuffer();
        ArrowBuf data = target.getDataBuffer();
        ArrowBuf[] sourceData = new ArrowBuf[sources.length];
        ArrowBuf[] sourceValidity = new ArrowBuf[sources.length];
        for (int s = 0; s < sources.length; s++) {
            sourceData[s] = sources[s].getDataBuffer();
            sourceValidity[s] = sources[s].getValidityBuffer();
        }
        for (int i = 0; i < count; i++) {
            int row = rows[from + i];
            int source = sourceIndex == null ? 0 : sourceIndex[from + i];
            long at = (long) i * width;
            if (row < 0 || BitVectorHelper.get(sourceValidity[source], row) == 0) {
                BitVectorHelper.setValidityBit(validity, i, 0);
                data.setZero(at, width);
                continue;
            }
            BitVectorHelper.setValidityBit(validity, i, 1);
            ArrowBuf src = sourceData[source];
            long sourceAt = (long) row * width;
            switch (width) {
                case 1 -> data.setByte(at, src.getByte(sourceAt));
                case 2 -> data.setShort(at, src.getShort(sourceAt));
                case 4 -> data.setInt(at, src.getInt(sourceAt));
                case 8 -> data.setLong(at, src.getLong(sourceAt));
                case 16 -> {
                    data.setLong(at, src.getLong(sourceAt));
                    data.setLong(at + 8, src.getLong(sourceAt + 8));
                }
                default -> data.setBytes(at, src, sourceAt, width);
            }
        }
        target.setValueCount(count);
    }

    private static void gatherBits(FieldVector[] sources, int[] sourceIndex, int[] rows, int from, int count, BitVector target) {
        target.allocateNew(Math.max(count, 1));
        ArrowBuf validity = target.getValidityBuffer();
        ArrowBuf data = target.getDataBuffer();
        for (int i = 0; i < count; i++) {
            int row = rows[from + i];
            FieldVector source = sources[sourceIndex == null ? 0 : sourceIndex[from + i]];
            boolean valid = row >= 0 && BitVectorHelper.get(source.getValidityBuffer(), row) != 0;
            BitVectorHelper.setValidityBit(validity, i, valid ? 1 : 0);
            BitVectorHelper.setValidityBit(data, i, valid ? BitVectorHelper.get(source.getDataBuffer(), row) : 0);
        }
        target.setValueCount(count);
    }

    private static void gatherVariable(FieldVector[] sources, int[] sourceIndex, int[] rows, int from, int count,
                                       BaseVariableWidthVector target) {
        ArrowBuf[] sourceOffsets = new ArrowBuf[sources.length];
        ArrowBuf[] sourceValidity = new ArrowBuf[sources.length];
        ArrowBuf[] sourceData = new ArrowBuf[sources.length];
        for (int s = 0; s < sources.length; s++) {
            sourceOffsets[s] = sources[s].getOffsetBuffer();
            sourceValidity[s] = sources[s].getValidityBuffer();
            sourceData[s] = sources[s].getDataBuffer();
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[from + i];
            int source = sourceIndex == null ? 0 : sourceIndex[from + i];
            if (row >= 0 && BitVectorHelper.get(sourceValidity[source], row) != 0) {
                ArrowBuf offsets = sourceOffsets[source];
                total += offsets.getInt((long) (row + 1) * 4) - offsets.getInt((long) row * 4);
            }
        }
        target.allocateNew(Math.max(total, 1), Math.max(count, 1));
        ArrowBuf validity = target.getValidityBuffer();
        ArrowBuf offsets = target.getOffsetBuffer();
        ArrowBuf data = target.getDataBuffer();
        long position = 0;
        offsets.setInt(0, 0);
        for (int i = 0; i < count; i++) {
            int row = rows[from + i];
            int source = sourceIndex == null ? 0 : sourceIndex[from + i];
            if (row >= 0 && BitVectorHelper.get(sourceValidity[source], row) != 0) {
                ArrowBuf srcOffsets = sourceOffsets[source];
                int start = srcOffsets.getInt((long) row * 4);
                int length = srcOffsets.getInt((long) (row + 1) * 4) - start;
                if (length > 0) {
                    data.setBytes(position, sourceData[source], start, length);
                }
                position += length;
                BitVectorHelper.setValidityBit(validity, i, 1);
            } else {
                BitVectorHelper.setValidityBit(validity, i, 0);
            }
            offsets.setInt((long) (i + 1) * 4, (int) position);
        }
        target.setLastSet(count - 1);
        target.setValueCount(count);
    }

    private static void gatherValues(FieldVector[] sources, int[] sourceIndex, int[] rows, int from, int count,
                                     FieldVector target) {
        target.setInitialCapacity(Math.max(count, 1));
        target.allocateNew();
        for (int i = 0; i < count; i++) {
            int row = rows[from + i];
            if (row >= 0) {
                target.copyFromSafe(row, i, sources[sourceIndex == null ? 0 : sourceIndex[from + i]]);
            }
        }
        target.setValueCount(count);
    }
}
