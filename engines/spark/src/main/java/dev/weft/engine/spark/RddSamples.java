package dev.weft.engine.spark;

import dev.weft.api.plan.SampleSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;

/**
 * Samples as the Java engine draws them: a fraction keeps each row with that probability (a random stream per
 * partition, from the seed and the partition number); a size keeps the rows with the smallest random priorities
 * (per-partition candidates, then one merge) and returns them in input order, as one partition.
 */
final class RddSamples {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private RddSamples() {}

    static JavaRDD<Object[]> sample(JavaRDD<Object[]> input, SampleSpec spec) {
        long seed = spec.seed();
        if (spec.fraction().isPresent()) {
            double fraction = spec.fraction().getAsDouble();
            return input.mapPartitionsWithIndex((partition, rows) -> {
                SplittableRandom random = new SplittableRandom(seed * GOLDEN + partition);
                List<Object[]> kept = new ArrayList<>();
                while (rows.hasNext()) {
                    Object[] row = rows.next();
                    if (random.nextDouble() < fraction) {
                        kept.add(row);
                    }
                }
                return kept.iterator();
            }, true);
        }
        long size = spec.size().orElseThrow();
        JavaRDD<Candidate> candidates = input.mapPartitionsWithIndex((partition, rows) -> {
            SplittableRandom random = new SplittableRandom(seed * GOLDEN + partition);
            PriorityQueue<Candidate> kept = new PriorityQueue<>(Comparator.comparingDouble(Candidate::priority).reversed());
            long position = 0;
            while (rows.hasNext()) {
                Object[] row = rows.next();
                double priority = random.nextDouble();
                long at = position++;
                if (size == 0) {
                    continue;
                }
                if (kept.size() < size) {
                    kept.add(new Candidate(priority, partition, at, row));
                } else if (priority < kept.peek().priority()) {
                    kept.poll();
                    kept.add(new Candidate(priority, partition, at, row));
                }
            }
            return kept.iterator();
        }, false);
        JavaRDD<Candidate> single = candidates.getNumPartitions() == 1 ? candidates : candidates.coalesce(1);
        return single.mapPartitions(all -> inInputOrder(all, size));
    }

    private static Iterator<Object[]> inInputOrder(Iterator<Candidate> candidates, long size) {
        List<Candidate> all = new ArrayList<>();
        candidates.forEachRemaining(all::add);
        all.sort(Comparator.comparingDouble(Candidate::priority));
        List<Candidate> sample = new ArrayList<>(all.subList(0, (int) Math.min(size, all.size())));
        sample.sort(Comparator.comparingInt(Candidate::partition).thenComparingLong(Candidate::position));
        return sample.stream().map(Candidate::row).iterator();
    }

    /** One sampled row with its random priority and its place in the input (a class: Kryo cannot build records). */
    static final class Candidate implements Serializable {
        private final double priority;
        private final int partition;
        private final long position;
        private final Object[] row;

        Candidate(double priority, int partition, long position, Object[] row) {
            this.priority = priority;
            this.partition = partition;
            this.position = position;
            this.row = row;
        }

        double priority() {
            return priority;
        }

        int partition() {
            return partition;
        }

        long position() {
            return position;
        }

        Object[] row() {
            return row;
        }
    }
}
