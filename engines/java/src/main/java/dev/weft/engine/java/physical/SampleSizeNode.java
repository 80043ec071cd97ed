package dev.weft.engine.java.physical;

import dev.weft.api.plan.SampleOperator;
import dev.weft.api.types.ElementType;
import dev.weft.channels.RowDecoder;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A uniform sample of exactly n elements (or all of them if fewer), reproducible with the seed: every row draws a
 * random priority from its partition's seeded generator and each partition keeps the n smallest (decoding only
 * those); the n smallest over all partitions are the sample, output in input order as one partition.
 */
public final class SampleSizeNode extends PhysicalNode {
    private final PhysicalNode input;
    private final long size;
    private final long seed;
    private final ElementType<Object> type;
    private List<List<Candidate>> candidates;

    /** One sampled element with its random priority and its place in the input. */
    private record Candidate(double priority, int partition, long position, Object element) {}

    @SuppressWarnings("unchecked")
    public SampleSizeNode(ExecutionContext context, SampleOperator operator, PhysicalNode input) {
        super(context, operator, operator.schema(), 1, List.of(input));
        this.input = input;
        this.size = operator.spec().size().orElseThrow();
        this.seed = operator.spec().seed();
        this.type = (ElementType<Object>) operator.output().elementType();
    }

    @Override
    public void prepare() {
        candidates = new ArrayList<>();
        for (int i = 0; i < input.partitionCount(); i++) {
            candidates.add(List.of());
        }
        context.runTasks(input.partitionCount(), partition -> {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + partition);
            PriorityQueue<Candidate> kept = new PriorityQueue<>(Comparator.comparingDouble(Candidate::priority).reversed());
            RowDecoder<Object> decoder = RowDecoder.create(type);
            long[] position = {0};
            input.execute(partition, new BatchSink() {
                @Override
                public boolean accept(VectorSchemaRoot batch) {
                    try (batch) {
                        decoder.bind(batch);
                        for (int row = 0; row < batch.getRowCount(); row++) {
                            double priority = random.nextDouble();
                            long at = position[0]++;
                            if (size == 0) {
                                continue;
                            }
                            if (kept.size() < size) {
                                kept.add(new Candidate(priority, partition, at, decoder.get(row)));
                            } else if (priority < kept.peek().priority()) {
                                kept.poll();
                                kept.add(new Candidate(priority, partition, at, decoder.get(row)));
                            }
                        }
                    }
                    return true;
                }

                @Override
                public void finish() {
                    candidates.set(partition, new ArrayList<>(kept));
                }
            });
        });
    }

    @Override
    public void execute(int partition, BatchSink out) {
        List<Candidate> all = new ArrayList<>();
        candidates.forEach(all::addAll);
        all.sort(Comparator.comparingDouble(Candidate::priority));
        List<Candidate> sample = new ArrayList<>(all.subList(0, (int) Math.min(size, all.size())));
        sample.sort(Comparator.comparingInt(Candidate::partition).thenComparingLong(Candidate::position));
        try (ElementBatches.Encoding encoding = new ElementBatches.Encoding(this, context, type, out)) {
            for (Candidate candidate : sample) {
                if (!encoding.add(candidate.element())) {
                    break;
                }
            }
            encoding.finish();
        }
    }
}
