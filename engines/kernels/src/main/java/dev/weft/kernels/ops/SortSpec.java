package dev.weft.kernels.ops;

/** One sort key of an {@link ExternalSorter}: a column index, the direction, and where NULLs go (independent of the direction). */
public record SortSpec(int column, boolean descending, boolean nullsFirst) {
    public SortSpec {
        if (column < 0) {
            throw new IllegalArgumentException("sort column must be >= 0, got " + column);
        }
    }

    /** SQL's default for ASC: NULLs last. */
    public static SortSpec ascending(int column) {
        return new SortSpec(column, false, false);
    }

    /** SQL's default for DESC: NULLs first. */
    public static SortSpec descending(int column) {
        return new SortSpec(column, true, true);
    }
}
