package dev.weft.kernels.expr;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Builds boolean vectors from words of values and validity. */
final class BooleanResults {
    private BooleanResults() {}

    static FieldVector build(Field field, long[] values, long[] validity, int rowCount, BufferAllocator allocator) {
        FieldVector result = Vectors.allocate(field, rowCount, allocator);
        try {
            if (rowCount > 0) {
                Bits.writeWords(result.getDataBuffer(), values, rowCount);
                Bits.writeWords(result.getValidityBuffer(), validity, rowCount);
            }
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException | Error e) {
            result.close();
            throw e;
        }
    }

    static long[] allValid(int rowCount) {
        long[] words = new long[Bits.words(rowCount)];
        for (int w = 0; w < words.length; w++) {
            words[w] = Bits.mask(w, rowCount);
        }
        return words;
    }
}
