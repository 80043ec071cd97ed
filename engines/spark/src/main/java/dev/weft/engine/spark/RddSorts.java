package dev.weft.engine.spark;

import dev.weft.kernels.rows.RowOrdering;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.apache.spark.api.java.JavaRDD;

/**
 * Sort, top-k and limit with the Java engine's order: sorts are stable, because every row carries its input position
 * (partition, then place in the partition) as the last tie-breaker; top-k keeps the first k in that order, limit the
 * first n rows in partition order.
 */
final class RddSorts {
    private RddSorts() {}

    static JavaRDD<Object[]> sort(JavaRDD<Object[]> input, RowOrdering ordering, int parallelism) {
        Comparator<Positioned> stable = new StableOrder(comparator(ordering));
        return unextended(positioned(extended(input, ordering))
                .mapToPair(row -> new scala.Tuple2<>(row, Boolean.TRUE))
                .sortByKey(stable, true, Math.max(1, parallelism))
                .keys()
                .map(Positioned::row), ordering);
    }

    /** The first k rows in the ordering, as one partition: per-partition top-k, then a merge of the candidates. */
    static JavaRDD<Object[]> topK(JavaRDD<Object[]> input, RowOrdering ordering, long k) {
        Comparator<Positioned> stable = new StableOrder(comparator(ordering));
        JavaRDD<Positioned> candidates = positioned(extended(input, ordering)).mapPartitions(rows -> smallest(rows, stable, k).iterator());
        JavaRDD<Positioned> single = candidates.getNumPartitions() == 1 ? candidates : candidates.coalesce(1);
        return unextended(single.mapPartitions(rows -> smallest(rows, stable, k).iterator()).map(Positioned::row), ordering);
    }

    /** Computed sort keys are evaluated once per row (appended to it) rather than per comparison. */
    private static JavaRDD<Object[]> extended(JavaRDD<Object[]> input, RowOrdering ordering) {
        return ordering.hasComputedKeys() ? input.mapPartitions(ordering::extend, true) : input;
    }

    private static JavaRDD<Object[]> unextended(JavaRDD<Object[]> rows, RowOrdering ordering) {
        return ordering.hasComputedKeys() ? rows.map(ordering::strip) : rows;
    }

    private static Comparator<Object[]> comparator(RowOrdering ordering) {
        return ordering.hasComputedKeys() ? new ExtendedOrder(ordering) : ordering;
    }

    /** Rows extended with their computed keys, compared by them. */
    private record ExtendedOrder(RowOrdering ordering) implements Comparator<Object[]>, Serializable {
        @Override
        public int compare(Object[] a, Object[] b) {
            return ordering.compareExtended(a, b);
        }
    }

    /** The first n rows in partition order, as one partition. */
    static JavaRDD<Object[]> limit(JavaRDD<Object[]> input, long n) {
        JavaRDD<Object[]> heads = input.mapPartitions(rows -> new Head(rows, n), true);
        JavaRDD<Object[]> single = heads.getNumPartitions() == 1 ? heads : heads.coalesce(1);
        return single.mapPartitions(rows -> new Head(rows, n), true);
    }

    private static JavaRDD<Positioned> positioned(JavaRDD<Object[]> input) {
        return input.mapPartitionsWithIndex((partition, rows) -> new Iterator<Positioned>() {
            private long position;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Positioned next() {
                return new Positioned(rows.next(), partition, position++);
            }
        }, true);
    }

    /** The k smallest, sorted; a bounded max-heap. */
    private static List<Positioned> smallest(Iterator<Positioned> rows, Comparator<Positioned> order, long k) {
        if (k == 0) {
            return List.of();
        }
        PriorityQueue<Positioned> heap = new PriorityQueue<>(order.reversed());
        while (rows.hasNext()) {
            Positioned row = rows.next();
            if (heap.size() < k) {
                heap.add(row);
            } else if (order.compare(row, heap.peek()) < 0) {
                heap.poll();
                heap.add(row);
            }
        }
        List<Positioned> sorted = new ArrayList<>(heap);
        sorted.sort(order);
        return sorted;
    }

    /** A row and where it came from (a class, not a record: Kryo cannot build records). */
    static final class Positioned implements Serializable {
        private final Object[] row;
        private final int partition;
        private final long position;

        Positioned(Object[] row, int partition, long position) {
            this.row = row;
            this.partition = partition;
            this.position = position;
        }

        Object[] row() {
            return row;
        }

        int partition() {
            return partition;
        }

        long position() {
            return position;
        }
    }

    /** The ordering of the rows, then input position. */
    private record StableOrder(Comparator<Object[]> rows) implements Comparator<Positioned>, Serializable {
        @Override
        public int compare(Positioned a, Positioned b) {
            int byRow = rows.compare(a.row(), b.row());
            if (byRow != 0) {
                return byRow;
            }
            int byPartition = Integer.compare(a.partition(), b.partition());
            return byPartition != 0 ? byPartition : Long.compare(a.position(), b.position());
        }
    }

    /** At most n rows of an iterator. */
    private static final class Head implements Iterator<Object[]> {
        private final Iterator<Object[]> rows;
        private long left;

        Head(Iterator<Object[]> rows, long n) {
            this.rows = rows;
            this.left = n;
        }

        @Override
        public boolean hasNext() {
            return left > 0 && rows.hasNext();
        }

        @Override
        public Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            left--;
            return rows.next();
        }
    }
}
