package dev.weft.kernels.rows;

import java.io.Serializable;

/**
 * One unit of a source's rows, read by one task: a byte range of a text file, a whole CSV file, or a part of a TPC-H
 * table ({@code index} of {@code count}). {@code path} is null where there is no file (TPC-H, or the one empty split
 * of a source without data).
 */
public record RowSplit(int index, int count, String path, long start, long end) implements Serializable {
    private static final long serialVersionUID = 1L;
}
