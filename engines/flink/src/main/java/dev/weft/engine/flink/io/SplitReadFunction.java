package dev.weft.engine.flink.io;

import static java.util.Objects.requireNonNull;

import dev.weft.kernels.rows.RowSource;
import dev.weft.kernels.rows.RowSplit;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** Reads one split of a file or TPC-H source per element (the split's index) inside the task manager. */
public final class SplitReadFunction extends RichFlatMapFunction<Long, Object[]> {
    private static final long serialVersionUID = 1L;

    private final RowSource source;
    private final List<RowSplit> splits;
    private final String counterName;
    private transient LongCounter rows;

    public SplitReadFunction(RowSource source, List<RowSplit> splits, String counterName) {
        this.source = requireNonNull(source, "source is null");
        this.splits = List.copyOf(splits);
        this.counterName = requireNonNull(counterName, "counterName is null");
    }

    @Override
    public void open(OpenContext context) {
        rows = new LongCounter();
        getRuntimeContext().addAccumulator(counterName, rows);
    }

    @Override
    public void flatMap(Long index, Collector<Object[]> out) {
        Iterator<Object[]> values = source.read(splits.get(index.intValue()));
        long count = 0;
        while (values.hasNext()) {
            out.collect(values.next());
            count++;
        }
        rows.add(count);
    }
}
