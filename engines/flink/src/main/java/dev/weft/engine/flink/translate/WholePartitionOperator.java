package dev.weft.engine.flink.translate;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Collector;

/**
 * Runs a function once over a subtask's whole (bounded) input, at its end, in the task thread: sort, top-k, limit,
 * sample, zipWithId, mapPartitions, the final count. The input is held on the heap until then, so these operators
 * are bounded by their partition's size, not by design (aggregations do not come here: {@link AggregatePhaseOperator}).
 *
 * <p>Why not {@code fullWindowPartition().mapPartition(...)}: Flink 2.3's MapPartitionOperator runs the function in a
 * second thread and, here, emitted the last row twice once in a while (conformance zipWithId over Flight), and lost
 * rows with object reuse on.
 */
final class WholePartitionOperator<IN, OUT> extends AbstractStreamOperator<OUT> implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final PartitionFunction<IN, OUT> function;
    private transient List<IN> rows;

    WholePartitionOperator(PartitionFunction<IN, OUT> function) {
        this.function = requireNonNull(function, "function is null");
    }

    @Override
    public void open() throws Exception {
        super.open();
        rows = new ArrayList<>();
    }

    @Override
    public void processElement(StreamRecord<IN> element) {
        rows.add(element.getValue());
    }

    @Override
    public void endInput() throws Exception {
        List<IN> all = rows;
        rows = new ArrayList<>();
        StreamRecord<OUT> record = new StreamRecord<>(null);
        function.apply(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), all, new Collector<>() {
            @Override
            public void collect(OUT value) {
                output.collect(record.replace(value));
            }

            @Override
            public void close() {
            }
        });
    }
}
