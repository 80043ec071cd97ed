package dev.weft.kernels.expr;

import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

/** A boolean column as two bitmaps: the rows that are TRUE and the rows that are FALSE (neither: NULL). */
record BooleanWords(long[] trueRows, long[] falseRows) {
    static BooleanWords of(FieldVector vector, int rowCount) {
        long[] validity = Bits.validity(vector, rowCount);
        if (vector instanceof NullVector) {
            return new BooleanWords(validity, validity.clone());
        }
        long[] values = Bits.values((BitVector) vector, rowCount);
        long[] falseRows = new long[validity.length];
        for (int w = 0; w < validity.length; w++) {
            falseRows[w] = validity[w] & ~values[w];
            values[w] &= validity[w];
        }
        return new BooleanWords(values, falseRows);
    }

    /** Words of a column evaluated for {@code rows[k]} only (row k of {@code subset}); other rows are NULL. */
    static BooleanWords scattered(FieldVector subset, int[] rows, int count, int rowCount) {
        BooleanWords compact = of(subset, count);
        long[] trueRows = new long[Bits.words(rowCount)];
        long[] falseRows = new long[trueRows.length];
        for (int k = 0; k < count; k++) {
            if (Bits.isSet(compact.trueRows, k)) {
                Bits.set(trueRows, rows[k]);
            } else if (Bits.isSet(compact.falseRows, k)) {
                Bits.set(falseRows, rows[k]);
            }
        }
        return new BooleanWords(trueRows, falseRows);
    }
}
