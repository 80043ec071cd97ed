package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

/** A TPC-H table generated at a scale factor (dbgen-compatible; see {@link TpchTables}). */
public record TpchSource(OperatorInfo info, EdgeProperties output, String table, double scaleFactor) implements SourceOperator {
    public TpchSource {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(table, "table is null");
        if (!(scaleFactor > 0)) {
            throw new IllegalArgumentException("TPC-H scale factor must be positive, got " + scaleFactor);
        }
    }
}
