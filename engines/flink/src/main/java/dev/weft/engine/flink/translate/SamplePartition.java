package dev.weft.engine.flink.translate;

import static java.util.Objects.requireNonNull;

import dev.weft.kernels.rows.RowSampling;
import java.util.Iterator;
import org.apache.flink.util.Collector;

/** A fraction sample of one subtask's partition (the subtask index seeds the partition's generator). */
final class SamplePartition implements PartitionFunction<Object[], Object[]> {
    private static final long serialVersionUID = 1L;

    private final RowSampling sampling;

    SamplePartition(RowSampling sampling) {
        this.sampling = requireNonNull(sampling, "sampling is null");
    }

    @Override
    public void apply(int subtask, Iterable<Object[]> rows, Collector<Object[]> out) {
        Iterator<Object[]> sample = sampling.sample(subtask, rows.iterator());
        while (sample.hasNext()) {
            out.collect(sample.next());
        }
    }
}
