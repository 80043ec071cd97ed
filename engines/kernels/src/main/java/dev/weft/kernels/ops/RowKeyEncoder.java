package dev.weft.kernels.ops;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * Encodes the key columns of a batch row by row into bytes that are equal exactly when the keys are equal (SQL
 * equality; NULL equals NULL here, callers decide what NULL means), column at a time. Each column is a NULL flag byte
 * and then 8 bytes (LONG, DOUBLE, BOOLEAN: normalized long), 16 bytes (DECIMAL) or a 4-byte length and the bytes
 * (BYTES). A single BYTES column is encoded as its own bytes without the flag (NULL rows are only marked in
 * {@link EncodedRows#nullRows}). Integer widths and float/double are normalized, so an int key matches a bigint key.
 * Stateless: thread-safe with one {@link EncodedRows} per thread.
 */
final class RowKeyEncoder {
    private final ValueKind[] kinds;
    private final boolean singleBytes;
    private final int fixedWidth;

    RowKeyEncoder(List<ValueKind> kinds, boolean allowSingleBytes) {
        this.kinds = kinds.toArray(new ValueKind[0]);
        this.singleBytes = allowSingleBytes && this.kinds.length == 1 && this.kinds[0] == ValueKind.BYTES;
        int width = 0;
        for (ValueKind kind : this.kinds) {
            width += 1 + (kind == ValueKind.BYTES ? 4 : kind.encodedWidth());
        }
        this.fixedWidth = width;
    }

    /** Whether NULL keys are absent from the bytes (single BYTES column): the caller must give them their own group. */
    boolean nullsOutsideBytes() {
        return singleBytes;
    }

    void encode(FieldVector[] keys, int rowCount, EncodedRows out) {
        out.ensureRows(rowCount);
        if (singleBytes) {
            encodeSingleBytes((BaseVariableWidthVector) keys[0], rowCount, out);
        } else {
            encodeRows(keys, rowCount, out);
        }
        byte[] bytes = out.bytes;
        int[] offsets = out.offsets;
        int[] hashes = out.hashes;
        for (int i = 0; i < rowCount; i++) {
            hashes[i] = Hashing.hashBytes(bytes, offsets[i], offsets[i + 1] - offsets[i]);
        }
    }

    private void encodeSingleBytes(BaseVariableWidthVector vector, int rowCount, EncodedRows out) {
        ArrowBuf offsetBuffer = vector.getOffsetBuffer();
        int base = rowCount == 0 ? 0 : offsetBuffer.getInt(0);
        int end = rowCount == 0 ? 0 : offsetBuffer.getInt((long) rowCount * BaseVariableWidthVector.OFFSET_WIDTH);
        out.ensureBytes(end - base);
        if (end > base) {
            vector.getDataBuffer().getBytes(base, out.bytes, 0, end - base);
        }
        int[] offsets = out.offsets;
        for (int i = 0; i <= rowCount; i++) {
            offsets[i] = offsetBuffer.getInt((long) i * BaseVariableWidthVector.OFFSET_WIDTH) - base;
        }
        markNulls(vector, rowCount, out.nullRows, true);
    }

    private void encodeRows(FieldVector[] keys, int rowCount, EncodedRows out) {
        int[] offsets = out.offsets;
        boolean[] nullRows = out.nullRows;
        for (int i = 0; i < rowCount; i++) {
            offsets[i] = fixedWidth;
            nullRows[i] = false;
        }
        for (int c = 0; c < kinds.length; c++) {
            markNulls(keys[c], rowCount, nullRows, false);
            if (kinds[c] == ValueKind.BYTES) {
                BaseVariableWidthVector vector = (BaseVariableWidthVector) keys[c];
                ArrowBuf offsetBuffer = vector.getOffsetBuffer();
                ArrowBuf validity = vector.getValidityBuffer();
                for (int i = 0; i < rowCount; i++) {
                    if (BitVectorHelper.get(validity, i) != 0) {
                        offsets[i] += offsetBuffer.getInt((long) (i + 1) * 4) - offsetBuffer.getInt((long) i * 4);
                    }
                }
            }
        }
        long total = 0;
        for (int i = 0; i < rowCount; i++) {
            int length = offsets[i];
            offsets[i] = (int) total;
            total += length;
        }
        out.ensureBytes(total);
        offsets[rowCount] = (int) total;
        byte[] bytes = out.bytes;
        // offsets double as write cursors, rebuilt below
        int[] cursors = new int[rowCount];
        System.arraycopy(offsets, 0, cursors, 0, rowCount);
        for (int c = 0; c < kinds.length; c++) {
            FieldVector vector = keys[c];
            ArrowBuf validity = vector.getValidityBuffer();
            switch (kinds[c]) {
                case LONG, DOUBLE, BOOLEAN -> {
                    long[] values = out.longs;
                    ColumnReader.readNormalizedLongs(vector, kinds[c], rowCount, values, out.doubles);
                    for (int i = 0; i < rowCount; i++) {
                        int at = cursors[i];
                        boolean valid = BitVectorHelper.get(validity, i) != 0;
                        bytes[at] = valid ? (byte) 0 : (byte) 1;
                        Hashing.LONGS.set(bytes, at + 1, valid ? values[i] : 0L);
                        cursors[i] = at + 9;
                    }
                }
                case DECIMAL -> {
                    long[] lows = out.longs;
                    long[] highs = out.highs;
                    ColumnReader.readDecimals(vector, rowCount, lows, highs);
                    for (int i = 0; i < rowCount; i++) {
                        int at = cursors[i];
                        boolean valid = BitVectorHelper.get(validity, i) != 0;
                        bytes[at] = valid ? (byte) 0 : (byte) 1;
                        Hashing.LONGS.set(bytes, at + 1, valid ? lows[i] : 0L);
                        Hashing.LONGS.set(bytes, at + 9, valid ? highs[i] : 0L);
                        cursors[i] = at + 17;
                    }
                }
                case BYTES -> {
                    BaseVariableWidthVector variable = (BaseVariableWidthVector) vector;
                    ArrowBuf offsetBuffer = variable.getOffsetBuffer();
                    ArrowBuf data = variable.getDataBuffer();
                    for (int i = 0; i < rowCount; i++) {
                        int at = cursors[i];
                        if (BitVectorHelper.get(validity, i) != 0) {
                            int start = offsetBuffer.getInt((long) i * 4);
                            int length = offsetBuffer.getInt((long) (i + 1) * 4) - start;
                            bytes[at] = 0;
                            Hashing.INTS.set(bytes, at + 1, length);
                            if (length > 0) {
                                data.getBytes(start, bytes, at + 5, length);
                            }
                            cursors[i] = at + 5 + length;
                        } else {
                            bytes[at] = 1;
                            Hashing.INTS.set(bytes, at + 1, 0);
                            cursors[i] = at + 5;
                        }
                    }
                }
            }
        }
    }

    private static void markNulls(FieldVector vector, int rowCount, boolean[] nullRows, boolean overwrite) {
        if (vector.getNullCount() == 0) {
            if (overwrite) {
                Arrays.fill(nullRows, 0, rowCount, false);
            }
            return;
        }
        ArrowBuf validity = vector.getValidityBuffer();
        for (int i = 0; i < rowCount; i++) {
            boolean isNull = BitVectorHelper.get(validity, i) == 0;
            nullRows[i] = overwrite ? isNull : nullRows[i] | isNull;
        }
    }
}
