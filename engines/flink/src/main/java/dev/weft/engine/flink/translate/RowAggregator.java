package dev.weft.engine.flink.translate;

import static java.util.Objects.requireNonNull;

import dev.weft.kernels.ops.HashAggregator;
import dev.weft.kernels.rows.RowBatches;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One subtask's {@link HashAggregator} fed with rows: each chunk becomes one Arrow batch, added and closed at once; the
 * results leave batch by batch. The heap holds one chunk or one output batch at a time; the groups live in the
 * aggregator's budgeted Arrow memory (and its spill files). Not thread-safe.
 */
final class RowAggregator implements AutoCloseable {
    private final String operator;
    private final HashAggregator aggregator;
    private final Schema input;
    private final BufferAllocator allocator;

    RowAggregator(String operator, HashAggregator aggregator, Schema input, BufferAllocator allocator) {
        this.operator = requireNonNull(operator, "operator is null");
        this.aggregator = requireNonNull(aggregator, "aggregator is null");
        this.input = requireNonNull(input, "input is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

    /** Adds rows of the input schema (evaluated raw rows, or partial rows). */
    void add(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (VectorSchemaRoot batch = RowBatches.batch(rows, input, allocator)) {
            aggregator.add(batch);
        }
    }

    /** Hands every result row to {@code out}, one output batch at a time. */
    void finish(Consumer<Object[]> out) {
        aggregator.finish(batch -> {
            try (batch) {
                for (Object[] row : RowBatches.rows(batch)) {
                    out.accept(row);
                }
            }
        });
    }

    int spillCount() {
        return aggregator.spillCount();
    }

    long spilledBytes() {
        return aggregator.spilledBytes();
    }

    String operator() {
        return operator;
    }

    @Override
    public void close() {
        aggregator.close();
    }
}
