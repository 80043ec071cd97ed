package dev.weft.kernels.ops;

/**
 * What a {@link HashAggregator} consumes and produces. PARTIAL: raw rows in, intermediate state out (keys then state
 * columns, see {@link HashAggregator#intermediateSchema}); FINAL: intermediate state (from any number of partials) in,
 * results out; SINGLE: raw rows in, results out.
 */
public enum AggregationMode {
    PARTIAL,
    FINAL,
    SINGLE
}
