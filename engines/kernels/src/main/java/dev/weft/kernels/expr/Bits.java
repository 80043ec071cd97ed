package dev.weft.kernels.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

/**
 * Bitmaps (validity buffers and boolean values) read and written 64 rows at a time. Word {@code w} holds rows
 * {@code 64w .. 64w+63}, row {@code 64w+j} in bit {@code j} (Arrow's little-endian bit order). Bits past the row
 * count are always zero in the words this class returns and writes.
 */
final class Bits {
    private Bits() {}

    static int words(int rowCount) {
        return (rowCount + 63) >>> 6;
    }

    static int bytes(int rowCount) {
        return (rowCount + 7) >>> 3;
    }

    /** The mask of the rows of word {@code w} that are below {@code rowCount}. */
    static long mask(int w, int rowCount) {
        int rowsInWord = rowCount - (w << 6);
        return rowsInWord >= 64 ? -1L : (1L << rowsInWord) - 1;
    }

    static long readWord(ArrowBuf buffer, int w, int rowCount) {
        long offset = (long) w << 3;
        int bytes = Math.min(8, bytes(rowCount) - (w << 3));
        long word;
        if (bytes == 8 && offset + 8 <= buffer.capacity()) {
            word = buffer.getLong(offset);
        } else {
            word = 0;
            for (int b = 0; b < bytes; b++) {
                word |= (buffer.getByte(offset + b) & 0xFFL) << (b << 3);
            }
        }
        return word & mask(w, rowCount);
    }

    static void writeWord(ArrowBuf buffer, int w, long word, int rowCount) {
        long offset = (long) w << 3;
        int bytes = Math.min(8, bytes(rowCount) - (w << 3));
        long masked = word & mask(w, rowCount);
        if (bytes == 8 && offset + 8 <= buffer.capacity()) {
            buffer.setLong(offset, masked);
        } else {
            for (int b = 0; b < bytes; b++) {
                buffer.setByte(offset + b, (byte) (masked >>> (b << 3)));
            }
        }
    }

    /** All of a bitmap's words; rows past {@code rowCount} are zero. */
    static long[] readWords(ArrowBuf buffer, int rowCount) {
        long[] words = new long[words(rowCount)];
        for (int w = 0; w < words.length; w++) {
            words[w] = readWord(buffer, w, rowCount);
        }
        return words;
    }

    static void writeWords(ArrowBuf buffer, long[] words, int rowCount) {
        for (int w = 0; w < words.length; w++) {
            writeWord(buffer, w, words[w], rowCount);
        }
    }

    /** The validity words of any vector: all ones without nulls, all zeros for a {@link NullVector}. */
    static long[] validity(FieldVector vector, int rowCount) {
        long[] words = new long[words(rowCount)];
        if (vector instanceof NullVector) {
            return words;
        }
        if (!hasNulls(vector)) {
            for (int w = 0; w < words.length; w++) {
                words[w] = mask(w, rowCount);
            }
            return words;
        }
        ArrowBuf buffer = vector.getValidityBuffer();
        for (int w = 0; w < words.length; w++) {
            words[w] = readWord(buffer, w, rowCount);
        }
        return words;
    }

    /** The value words of a boolean vector (regardless of validity). */
    static long[] values(BitVector vector, int rowCount) {
        return readWords(vector.getDataBuffer(), rowCount);
    }

    static boolean hasNulls(FieldVector vector) {
        return vector instanceof NullVector ? vector.getValueCount() > 0 : vector.getNullCount() > 0;
    }

    /** Marks rows {@code 0..rowCount} valid. */
    static void setAll(ArrowBuf buffer, int rowCount) {
        int fullBytes = rowCount >>> 3;
        if (fullBytes > 0) {
            buffer.setOne(0L, (long) fullBytes);
        }
        int rest = rowCount & 7;
        if (rest != 0) {
            buffer.setByte(fullBytes, (1 << rest) - 1);
        }
    }

    /** The memory address of a bitmap holding at least {@code rowCount} bits, for {@link #isSet}. */
    static long address(ArrowBuf buffer, int rowCount) {
        Vectors.checkCapacity(buffer, bytes(rowCount));
        return buffer.memoryAddress();
    }

    static boolean isSet(long address, int row) {
        return (MemoryUtil.getByte(address + (row >>> 3)) >> (row & 7) & 1) != 0;
    }

    static boolean isSet(long[] words, int row) {
        return (words[row >>> 6] >>> row & 1L) != 0;
    }

    static void set(long[] words, int row) {
        words[row >>> 6] |= 1L << row;
    }

    /** The rows whose bit is set, in order; the count is the result's length. */
    static int[] setRows(long[] words) {
        int count = 0;
        for (long word : words) {
            count += Long.bitCount(word);
        }
        int[] rows = new int[count];
        int next = 0;
        for (int w = 0; w < words.length; w++) {
            long word = words[w];
            int base = w << 6;
            while (word != 0) {
                rows[next++] = base + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return rows;
    }

    static int count(long[] words) {
        int count = 0;
        for (long word : words) {
            count += Long.bitCount(word);
        }
        return count;
    }
}
