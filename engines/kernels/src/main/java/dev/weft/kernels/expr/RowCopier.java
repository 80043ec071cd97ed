package dev.weft.kernels.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

/**
 * Copies selected rows of a vector into a new one (gather): fixed-width values with one memory copy per row,
 * variable-width values with one bulk copy per row and precomputed offsets, validity and booleans a word at a time;
 * other vectors (lists, structs...) through Arrow's {@code copyFromSafe}.
 */
final class RowCopier {
    private RowCopier() {}

    /** A new vector (the caller owns it) with {@code source}'s rows {@code rows[0..count)}, in that order. */
    static FieldVector copy(FieldVector source, int[] rows, int count, BufferAllocator allocator) {
        checkRows(source, rows, count);
        if (source instanceof NullVector) {
            NullVector nulls = new NullVector(source.getField());
            nulls.setValueCount(count);
            return nulls;
        }
        FieldVector target = source.getField().createVector(allocator);
        try {
            if (source instanceof BitVector bits) {
                copyBits(bits, (BitVector) target, rows, count);
            } else if (source instanceof BaseFixedWidthVector fixed) {
                copyFixedWidth(fixed, (BaseFixedWidthVector) target, rows, count);
            } else if (source instanceof BaseVariableWidthVector variable) {
                copyVariableWidth(variable, (BaseVariableWidthVector) target, rows, count);
            } else {
                target.setInitialCapacity(count);
                target.allocateNew();
                for (int i = 0; i < count; i++) {
                    target.copyFromSafe(rows[i], i, source);
                }
                target.setValueCount(count);
            }
            return target;
        } catch (RuntimeException | Error e) {
            target.close();
            throw e;
        }
    }

    private static void checkRows(FieldVector source, int[] rows, int count) {
        if (count < 0 || count > rows.length) {
            throw new IllegalArgumentException("count %d is outside the %d selected rows".formatted(count, rows.length));
        }
        int valueCount = source.getValueCount();
        for (int i = 0; i < count; i++) {
            if (rows[i] < 0 || rows[i] >= valueCount) {
                throw new IndexOutOfBoundsException("row %d of a vector of %d values".formatted(rows[i], valueCount));
            }
        }
    }

    private static long[] gatherValidity(FieldVector source, int[] rows, int count) {
        long[] words = new long[Bits.words(count)];
        if (!Bits.hasNulls(source)) {
            for (int w = 0; w < words.length; w++) {
                words[w] = Bits.mask(w, count);
            }
            return words;
        }
        long address = Bits.address(source.getValidityBuffer(), source.getValueCount());
        for (int i = 0; i < count; i++) {
            if (Bits.isSet(address, rows[i])) {
                Bits.set(words, i);
            }
        }
        return words;
    }

    private static void copyBits(BitVector source, BitVector target, int[] rows, int count) {
        target.allocateNew(count);
        if (count > 0) {
            long address = Bits.address(source.getDataBuffer(), source.getValueCount());
            long[] values = new long[Bits.words(count)];
            for (int i = 0; i < count; i++) {
                if (Bits.isSet(address, rows[i])) {
                    Bits.set(values, i);
                }
            }
            Bits.writeWords(target.getDataBuffer(), values, count);
            Bits.writeWords(target.getValidityBuffer(), gatherValidity(source, rows, count), count);
        }
        target.setValueCount(count);
    }

    private static void copyFixedWidth(BaseFixedWidthVector source, BaseFixedWidthVector target, int[] rows, int count) {
        target.allocateNew(count);
        if (count > 0) {
            int width = source.getTypeWidth();
            long from = Vectors.dataAddress(source, source.getValueCount(), width);
            long to = Vectors.dataAddress(target, count, width);
            switch (width) {
                case 4 -> {
                    for (int i = 0; i < count; i++) {
                        MemoryUtil.putInt(to + 4L * i, MemoryUtil.getInt(from + 4L * rows[i]));
                    }
                }
                case 8 -> {
                    for (int i = 0; i < count; i++) {
                        MemoryUtil.putLong(to + 8L * i, MemoryUtil.getLong(from + 8L * rows[i]));
                    }
                }
                case 16 -> {
                    for (int i = 0; i < count; i++) {
                        MemoryUtil.putLong(to + 16L * i, MemoryUtil.getLong(from + 16L * rows[i]));
                        MemoryUtil.putLong(to + 16L * i + 8, MemoryUtil.getLong(from + 16L * rows[i] + 8));
                    }
                }
                default -> {
                    for (int i = 0; i < count; i++) {
                        MemoryUtil.copyMemory(from + (long) width * rows[i], to + (long) width * i, width);
                    }
                }
            }
            Bits.writeWords(target.getValidityBuffer(), gatherValidity(source, rows, count), count);
        }
        target.setValueCount(count);
    }

    private static void copyVariableWidth(BaseVariableWidthVector source, BaseVariableWidthVector target, int[] rows, int count) {
        if (count == 0) {
            target.allocateNew(1, 0);
            target.setValueCount(0);
            return;
        }
        ArrowBuf sourceOffsets = source.getOffsetBuffer();
        Vectors.checkCapacity(sourceOffsets, (source.getValueCount() + 1L) * 4);
        long offsets = sourceOffsets.memoryAddress();
        long total = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            total += MemoryUtil.getInt(offsets + 4L * row + 4) - MemoryUtil.getInt(offsets + 4L * row);
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the selected rows hold %d bytes, more than a vector can".formatted(total));
        }
        target.allocateNew(Math.max(total, 1), count);
        long from = source.getDataBuffer().memoryAddress();
        Vectors.checkCapacity(source.getDataBuffer(), MemoryUtil.getInt(offsets + 4L * source.getValueCount()));
        long to = Vectors.dataAddress(target, 0, 1);
        Vectors.checkCapacity(target.getDataBuffer(), total);
        long targetOffsets = target.getOffsetBuffer().memoryAddress();
        Vectors.checkCapacity(target.getOffsetBuffer(), (count + 1L) * 4);
        int position = 0;
        MemoryUtil.putInt(targetOffsets, 0);
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            int start = MemoryUtil.getInt(offsets + 4L * row);
            int length = MemoryUtil.getInt(offsets + 4L * row + 4) - start;
            if (length > 0) {
                MemoryUtil.copyMemory(from + start, to + position, length);
            }
            position += length;
            MemoryUtil.putInt(targetOffsets + 4L * (i + 1), position);
        }
        Bits.writeWords(target.getValidityBuffer(), gatherValidity(source, rows, count), count);
        target.setLastSet(count - 1);
        target.setValueCount(count);
    }
}
