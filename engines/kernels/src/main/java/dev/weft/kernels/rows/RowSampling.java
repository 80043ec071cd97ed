package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.SampleOperator;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * sample over rows, as the Java engine's SampleFractionNode / SampleSizeNode (same seeded generators, so the same
 * partitioning of the input gives the same sample). Fraction: each row is kept with the probability, by a generator
 * seeded per partition ({@link #sample}). Size n: every row draws a priority from its partition's generator, each
 * partition keeps its n smallest ({@link #candidates}), and the n smallest over all partitions, in input order
 * (partition, position), are the sample ({@link #select}). Serializable.
 */
public final class RowSampling implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double fraction; // < 0 for a sample of a size
    private final long size;
    private final long seed;

    /** A row of a size sample with its random priority and its place in the input. */
    public record Candidate(double priority, int partition, long position, Object[] row) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private RowSampling(double fraction, long size, long seed) {
        this.fraction = fraction;
        this.size = size;
        this.seed = seed;
    }

    public static RowSampling of(SampleOperator sample) {
        requireNonNull(sample, "sample is null");
        return sample.spec().fraction().isPresent()
                ? new RowSampling(sample.spec().fraction().getAsDouble(), -1, sample.spec().seed())
                : new RowSampling(-1, sample.spec().size().orElseThrow(), sample.spec().seed());
    }

    /** True for a sample of a fraction (one pass, {@link #sample}); false for a sample of a size. */
    public boolean isFraction() {
        return fraction >= 0;
    }

    private SplittableRandom random(int partition) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + partition);
    }

    /** Fraction sample of one input partition, lazily. */
    public Iterator<Object[]> sample(int partition, Iterator<Object[]> rows) {
        if (!isFraction()) {
            throw new IllegalStateException("a sample of a size is computed with candidates and select");
        }
        SplittableRandom random = random(partition);
        return new Iterator<>() {
            private Object[] next;

            @Override
            public boolean hasNext() {
                while (next == null && rows.hasNext()) {
                    Object[] row = rows.next();
                    if (random.nextDouble() < fraction) {
                        next = row;
                    }
                }
                return next != null;
            }

            @Override
            public Object[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object[] row = next;
                next = null;
                return row;
            }
        };
    }

    /** The n candidates of one input partition with the smallest priorities (at most n rows are kept). */
    public List<Candidate> candidates(int partition, Iterator<Object[]> rows) {
        if (isFraction()) {
            throw new IllegalStateException("a sample of a fraction is computed with sample");
        }
        SplittableRandom random = random(partition);
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
        return new ArrayList<>(kept);
    }

    /** The sample: the n candidates of all partitions with the smallest priorities, in input order. */
    public List<Object[]> select(Iterable<Candidate> candidates) {
        List<Candidate> all = new ArrayList<>();
        candidates.forEach(all::add);
        all.sort(Comparator.comparingDouble(Candidate::priority));
        List<Candidate> sample = new ArrayList<>(all.subList(0, (int) Math.min(size, all.size())));
        sample.sort(Comparator.comparingInt(Candidate::partition).thenComparingLong(Candidate::position));
        List<Object[]> rows = new ArrayList<>(sample.size());
        for (Candidate candidate : sample) {
            rows.add(candidate.row());
        }
        return rows;
    }
}
