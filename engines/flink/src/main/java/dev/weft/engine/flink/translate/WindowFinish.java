package dev.weft.engine.flink.translate;

import static java.util.Objects.requireNonNull;

import dev.weft.kernels.rows.RowAggregation;
import dev.weft.kernels.rows.RowKey;
import java.util.Iterator;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** The final aggregation of one group's partials in one event-time window (the window columns are part of the key). */
final class WindowFinish extends ProcessWindowFunction<Object[], Object[], RowKey, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final RowAggregation aggregation;

    WindowFinish(RowAggregation aggregation) {
        this.aggregation = requireNonNull(aggregation, "aggregation is null");
    }

    @Override
    public void process(RowKey key, Context context, Iterable<Object[]> partials, Collector<Object[]> out) {
        Iterator<Object[]> results = aggregation.finish(partials.iterator());
        while (results.hasNext()) {
            out.collect(results.next());
        }
    }
}
