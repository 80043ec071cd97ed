package dev.weft.kernels.ops;

/** Key rows of one batch encoded as bytes by {@link RowKeyEncoder}: row i is {@code bytes[offsets[i], offsets[i+1])}. */
final class EncodedRows {
    byte[] bytes = new byte[64];
    int[] offsets = new int[1];
    int[] hashes = new int[0];
    /** Whether a key of row i is NULL. */
    boolean[] nullRows = new boolean[0];
    long[] longs = new long[0];
    double[] doubles = new double[0];
    long[] highs = new long[0];

    void ensureRows(int rows) {
        if (hashes.length < rows) {
            int capacity = Math.max(rows, hashes.length * 2);
            offsets = new int[capacity + 1];
            hashes = new int[capacity];
            nullRows = new boolean[capacity];
            longs = new long[capacity];
            doubles = new double[capacity];
            highs = new long[capacity];
        }
    }

    void ensureBytes(long size) {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("keys of one batch take %d bytes, more than 2 GiB; use smaller batches".formatted(size));
        }
        if (bytes.length < size) {
            bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Math.max(size, (long) bytes.length * 2))];
        }
    }

    int length(int row) {
        return offsets[row + 1] - offsets[row];
    }
}
