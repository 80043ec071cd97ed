package dev.weft.engine.flink.translate;

import static java.util.Objects.requireNonNull;

import dev.weft.kernels.rows.RowSampling;
import org.apache.flink.util.Collector;

/** The candidates of one subtask's partition for a sample of a size (see {@link RowSampling#candidates}). */
final class SampleCandidates implements PartitionFunction<Object[], RowSampling.Candidate> {
    private static final long serialVersionUID = 1L;

    private final RowSampling sampling;

    SampleCandidates(RowSampling sampling) {
        this.sampling = requireNonNull(sampling, "sampling is null");
    }

    @Override
    public void apply(int subtask, Iterable<Object[]> rows, Collector<RowSampling.Candidate> out) {
        sampling.candidates(subtask, rows.iterator()).forEach(out::collect);
    }
}
