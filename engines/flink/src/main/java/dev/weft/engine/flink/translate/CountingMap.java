package dev.weft.engine.flink.translate;

import static java.util.Objects.requireNonNull;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts the rows an operator outputs (chained identity map, see {@link OperatorCounters}). */
final class CountingMap extends RichMapFunction<Object[], Object[]> {
    private static final long serialVersionUID = 1L;

    private final String counterName;
    private transient LongCounter rows;

    CountingMap(String counterName) {
        this.counterName = requireNonNull(counterName, "counterName is null");
    }

    @Override
    public void open(OpenContext context) {
        rows = new LongCounter();
        getRuntimeContext().addAccumulator(counterName, rows);
    }

    @Override
    public Object[] map(Object[] row) {
        rows.add(1);
        return row;
    }
}
