package dev.weft.kernels.ops;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The sort key values of a run of rows (one or more batches, rows numbered across them), copied once into primitive
 * arrays so that comparisons touch no Arrow buffers and create no objects. Strings compare by UTF-8 bytes, which is
 * code point order; floats by {@link Double#compare} with -0.0 equal to 0.0 (NaN last in ascending order).
 */
final class SortKeys {
    private final Column[] columns;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final int rowCount;

    private SortKeys(Column[] columns, boolean[] descending, boolean[] nullsFirst, int rowCount) {
        this.columns = columns;
        this.descending = descending;
        this.nullsFirst = nullsFirst;
        this.rowCount = rowCount;
    }

    static SortKeys extract(List<SortSpec> specs, ValueKind[] kinds, List<VectorSchemaRoot> batches) {
        int rowCount = 0;
        for (VectorSchemaRoot batch : batches) {
            rowCount += batch.getRowCount();
        }
        Column[] columns = new Column[specs.size()];
        boolean[] descending = new boolean[specs.size()];
        boolean[] nullsFirst = new boolean[specs.size()];
        for (int k = 0; k < columns.length; k++) {
            SortSpec spec = specs.get(k);
            columns[k] = Column.extract(kinds[k], spec.column(), batches, rowCount);
            descending[k] = spec.descending();
            nullsFirst[k] = spec.nullsFirst();
        }
        return new SortKeys(columns, descending, nullsFirst, rowCount);
    }

    int rowCount() {
        return rowCount;
    }

    int compare(int a, int b) {
        return compare(a, this, b);
    }

    /** Orders row a of these keys against row b of other keys (same specs). */
    int compare(int a, SortKeys other, int b) {
        return compareFrom(0, a, other, b);
    }

    private int compareFrom(int fromKey, int a, SortKeys other, int b) {
        for (int k = fromKey; k < columns.length; k++) {
            Column left = columns[k];
            Column right = other.columns[k];
            boolean leftNull = left.nulls != null && left.nulls[a];
            boolean rightNull = right.nulls != null && right.nulls[b];
            if (leftNull || rightNull) {
                if (leftNull && rightNull) {
                    continue;
                }
                return leftNull == nullsFirst[k] ? -1 : 1;
            }
            int c = left.compareValues(a, right, b);
            if (c != 0) {
                return descending[k] ? -c : c;
            }
        }
        return 0;
    }

    /**
     * For every row, two unsigned 64-bit words (first word at 2i, second at 2i+1) such that rows whose word pairs differ
     * are ordered by them (direction and NULL order included); rows with equal pairs go to {@link #compareTie}. The
     * words hold the first key: a long, double or boolean exactly plus the prefix of the second key in the second word;
     * a decimal exactly; a string's first 15 bytes and its length (0xFF: longer than 15).
     */
    long[] normalizedPrefixes() {
        long[] words = new long[2 * rowCount];
        if (columns.length == 0) {
            return words;
        }
        Column first = columns[0];
        boolean firstFitsOneWord = first.kind != ValueKind.DECIMAL && first.kind != ValueKind.BYTES;
        for (int row = 0; row < rowCount; row++) {
            long high;
            long low;
            if (first.isNull(row)) {
                high = nullsFirst[0] ? 0L : -1L;
                low = high;
            } else {
                high = first.prefix(row);
                low = firstFitsOneWord ? (columns.length > 1 ? oneWordPrefix(1, row) : 0L) : first.secondWord(row);
                if (descending[0]) {
                    high = ~high;
                    low = firstFitsOneWord ? low : ~low;
                }
            }
            words[2 * row] = high;
            words[2 * row + 1] = low;
        }
        return words;
    }

    /**
     * Orders rows whose {@link #normalizedPrefixes} are equal: skips the keys the words already proved equal (the
     * first key when both rows hold a non-null exactly-encoded value; also the second when it is exact too).
     */
    int compareTie(int a, int b) {
        if (columns.length == 0) {
            return 0;
        }
        Column first = columns[0];
        if (first.isNull(a) || first.isNull(b) || !first.exactInWords(a) || !first.exactInWords(b)) {
            return compare(a, this, b);
        }
        int from = 1;
        if (columns.length > 1 && first.kind != ValueKind.DECIMAL && first.kind != ValueKind.BYTES) {
            Column second = columns[1];
            if (second.kind != ValueKind.DECIMAL && second.kind != ValueKind.BYTES && !second.isNull(a) && !second.isNull(b)) {
                from = 2;
            }
        }
        return compareFrom(from, a, this, b);
    }

    private long oneWordPrefix(int key, int row) {
        Column column = columns[key];
        if (column.isNull(row)) {
            return nullsFirst[key] ? 0L : -1L;
        }
        long prefix = column.prefix(row);
        return descending[key] ? ~prefix : prefix;
    }

    long memoryBytes() {
        long bytes = 0;
        for (Column column : columns) {
            bytes += column.memoryBytes();
        }
        return bytes;
    }

    /** Bytes the keys of these rows will take once extracted (for reserving memory before sorting). */
    static long estimateBytes(List<SortSpec> specs, ValueKind[] kinds, VectorSchemaRoot batch) {
        long rows = batch.getRowCount();
        long bytes = 0;
        for (int k = 0; k < kinds.length; k++) {
            bytes += switch (kinds[k]) {
                case DECIMAL -> rows * 17;
                case BYTES -> rows * 13 + (rows == 0 ? 0 : ColumnReader.end(
                        (BaseVariableWidthVector) batch.getVector(specs.get(k).column()), (int) rows - 1));
                default -> rows * 9;
            };
        }
        return bytes;
    }

    /** One key column: exactly one of the value arrays is set, by kind. */
    private static final class Column {
        private final ValueKind kind;
        private long[] longs;
        private double[] doubles;
        private long[] highs;
        private byte[] bytes;
        private int[] offsets;
        /** BYTES: the first 8 bytes of each value, big-endian and zero-padded, so that most comparisons are one long compare. */
        private long[] prefixes;
        private boolean[] nulls;

        private Column(ValueKind kind) {
            this.kind = kind;
        }

        static Column extract(ValueKind kind, int columnIndex, List<VectorSchemaRoot> batches, int rowCount) {
            Column column = new Column(kind);
            int start = 0;
            switch (kind) {
                case LONG, BOOLEAN -> column.longs = new long[rowCount];
                case DOUBLE -> column.doubles = new double[rowCount];
                case DECIMAL -> {
                    column.longs = new long[rowCount];
                    column.highs = new long[rowCount];
                }
                case BYTES -> {
                    long total = 0;
                    for (VectorSchemaRoot batch : batches) {
                        BaseVariableWidthVector vector = (BaseVariableWidthVector) batch.getVector(columnIndex);
                        int n = batch.getRowCount();
                        total += n == 0 ? 0 : ColumnReader.start(vector, n) - ColumnReader.start(vector, 0);
                    }
                    if (total > Integer.MAX_VALUE - 16) {
                        throw new IllegalStateException("string sort keys of one run exceed 2 GiB; lower weft.memory.budget so that runs are smaller");
                    }
                    column.bytes = new byte[(int) total];
                    column.offsets = new int[rowCount + 1];
                    column.prefixes = new long[rowCount];
                }
            }
            int byteOffset = 0;
            for (VectorSchemaRoot batch : batches) {
                FieldVector vector = batch.getVector(columnIndex);
                int n = batch.getRowCount();
                if (n == 0) {
                    continue;
                }
                if (vector.getNullCount() > 0) {
                    if (column.nulls == null) {
                        column.nulls = new boolean[rowCount];
                    }
                    ArrowBuf validity = vector.getValidityBuffer();
                    for (int i = 0; i < n; i++) {
                        column.nulls[start + i] = BitVectorHelper.get(validity, i) == 0;
                    }
                }
                switch (kind) {
                    case LONG, BOOLEAN -> {
                        long[] values = new long[n];
                        ColumnReader.readLongs(vector, n, values);
                        System.arraycopy(values, 0, column.longs, start, n);
                    }
                    case DOUBLE -> {
                        double[] values = new double[n];
                        ColumnReader.readDoubles(vector, n, values);
                        for (int i = 0; i < n; i++) {
                            column.doubles[start + i] = values[i] == 0.0 ? 0.0 : values[i];
                        }
                    }
                    case DECIMAL -> {
                        long[] lows = new long[n];
                        long[] highs = new long[n];
                        ColumnReader.readDecimals(vector, n, lows, highs);
                        System.arraycopy(lows, 0, column.longs, start, n);
                        System.arraycopy(highs, 0, column.highs, start, n);
                    }
                    case BYTES -> {
                        BaseVariableWidthVector variable = (BaseVariableWidthVector) vector;
                        int base = ColumnReader.start(variable, 0);
                        int end = ColumnReader.start(variable, n);
                        if (end > base) {
                            variable.getDataBuffer().getBytes(base, column.bytes, byteOffset, end - base);
                        }
                        ArrowBuf offsetBuffer = variable.getOffsetBuffer();
                        for (int i = 0; i < n; i++) {
                            column.offsets[start + i] = offsetBuffer.getInt((long) i * 4) - base + byteOffset;
                        }
                        byteOffset += end - base;
                        column.offsets[start + n] = byteOffset;
                    }
                }
                start += n;
            }
            if (kind == ValueKind.BYTES) {
                column.computePrefixes();
            }
            return column;
        }

        private void computePrefixes() {
            for (int row = 0; row < prefixes.length; row++) {
                int start = offsets[row];
                int length = Math.min(8, offsets[row + 1] - start);
                long prefix = 0;
                for (int i = 0; i < length; i++) {
                    prefix |= (bytes[start + i] & 0xFFL) << (56 - 8 * i);
                }
                prefixes[row] = prefix;
            }
        }

        boolean isNull(int row) {
            return nulls != null && nulls[row];
        }

        /** The second word of a DECIMAL (its low 64 bits) or BYTES (bytes 8..14, then the length or 0xFF) value. */
        long secondWord(int row) {
            if (kind == ValueKind.DECIMAL) {
                return longs[row];
            }
            int length = offsets[row + 1] - offsets[row];
            int start = offsets[row] + 8;
            int count = Math.max(0, Math.min(7, length - 8));
            long word = length <= 15 ? length : 0xFF;
            for (int i = 0; i < count; i++) {
                word |= (bytes[start + i] & 0xFFL) << (56 - 8 * i);
            }
            return word;
        }

        /** Whether the two words of a non-null value of this first key determine it (see {@link #normalizedPrefixes}). */
        boolean exactInWords(int row) {
            return kind != ValueKind.BYTES || offsets[row + 1] - offsets[row] <= 15;
        }

        /** An unsigned-comparable prefix of a non-null value (see {@link SortKeys#normalizedPrefixes}). */
        long prefix(int row) {
            return switch (kind) {
                case LONG, BOOLEAN -> longs[row] ^ Long.MIN_VALUE;
                case DOUBLE -> {
                    long bits = Double.doubleToLongBits(doubles[row]);
                    yield bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
                }
                case DECIMAL -> highs[row] ^ Long.MIN_VALUE;
                case BYTES -> prefixes[row];
            };
        }

        private int compareBytes(int a, Column other, int b) {
            int c = Long.compareUnsigned(prefixes[a], other.prefixes[b]);
            if (c != 0) {
                return c;
            }
            int lengthA = offsets[a + 1] - offsets[a];
            int lengthB = other.offsets[b + 1] - other.offsets[b];
            if (lengthA <= 8 || lengthB <= 8) {
                return Integer.compare(lengthA, lengthB);
            }
            return Arrays.compareUnsigned(bytes, offsets[a] + 8, offsets[a + 1], other.bytes, other.offsets[b] + 8, other.offsets[b + 1]);
        }

        int compareValues(int a, Column other, int b) {
            return switch (kind) {
                case LONG, BOOLEAN -> Long.compare(longs[a], other.longs[b]);
                case DOUBLE -> Double.compare(doubles[a], other.doubles[b]);
                case DECIMAL -> Int128.compare(highs[a], longs[a], other.highs[b], other.longs[b]);
                case BYTES -> compareBytes(a, other, b);
            };
        }

        long memoryBytes() {
            long size = 0;
            size += longs == null ? 0 : longs.length * 8L;
            size += doubles == null ? 0 : doubles.length * 8L;
            size += highs == null ? 0 : highs.length * 8L;
            size += bytes == null ? 0 : bytes.length;
            size += offsets == null ? 0 : offsets.length * 4L;
            size += prefixes == null ? 0 : prefixes.length * 8L;
            size += nulls == null ? 0 : nulls.length;
            return size;
        }
    }
}
