package dev.weft.api;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.Expression;
import dev.weft.api.expr.Expressions;
import dev.weft.api.plan.Window;
import dev.weft.api.types.Row;
import java.util.List;
import java.util.Optional;

/** A dataset grouped by key expressions, optionally in event-time windows; {@link #aggregate} ends the grouping. */
public final class GroupedDataset<T> {
    private final Dataset<T> dataset;
    private final List<Expression> keys;
    private final Optional<Window> window;

    GroupedDataset(Dataset<T> dataset, List<Expression> keys, Optional<Window> window) {
        this.dataset = requireNonNull(dataset, "dataset is null");
        this.keys = List.copyOf(keys);
        this.window = requireNonNull(window, "window is null");
    }

    /** Aggregates per event-time window (the input needs withWatermark(...)); output gains window_start and window_end. */
    public GroupedDataset<T> window(Window newWindow) {
        return new GroupedDataset<>(dataset, keys, Optional.of(requireNonNull(newWindow, "window is null")));
    }

    /** One row per group: the key columns, then one column per aggregate (name it with as(...)). */
    public Dataset<Row> aggregate(Expression... aggregates) {
        return dataset.aggregate(keys, List.of(aggregates), window);
    }

    /** The keys and a column {@code count} with each group's size. */
    public Dataset<Row> count() {
        return aggregate(Expressions.count().as("count"));
    }
}
