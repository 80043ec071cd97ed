package dev.weft.engine.spark;

import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.CsvFileSource;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.plan.GeneratorSource;
import dev.weft.api.plan.TextFileSource;
import dev.weft.api.plan.TpchSource;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.WeftException;
import dev.weft.channels.flight.RemoteStream;
import dev.weft.host.io.RemoteStreams;
import dev.weft.kernels.io.CsvFileReader;
import dev.weft.kernels.io.FileSplit;
import dev.weft.kernels.io.FileSplits;
import dev.weft.kernels.io.TextSplitReader;
import dev.weft.kernels.io.TpchBatches;
import dev.weft.kernels.rows.RowBatches;
import dev.weft.kernels.rows.RowCodec;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Sources as RDDs of rows. Only small descriptions travel from the host to the executors (split boundaries, part
 * numbers, stream partitions); executors read the data themselves. Collection sources are the exception: their
 * elements are in the plan already, so the host converts them to rows and parallelizes them.
 */
final class RowSources {
    private RowSources() {}

    static JavaRDD<Object[]> collection(JavaSparkContext spark, CollectionSource source, int parallelism) {
        RowCodec codec = RowCodec.of(source.output().elementType());
        List<Object[]> rows = new ArrayList<>(source.elements().size());
        for (Object element : source.elements()) {
            rows.add(codec.toRow(element));
        }
        return spark.parallelize(rows, parallelism);
    }

    /** Values 0..count-1 cut into one range per partition, at most ratePerSecond values a second overall (0: no limit). */
    static JavaRDD<Object[]> generator(JavaSparkContext spark, GeneratorSource source, int parallelism) {
        long count = source.count().orElseThrow(() -> new WeftException(dev.weft.api.ErrorCode.UNSUPPORTED_OPERATION,
                "%s: the Spark engine runs bounded datasets only; give the generator a count or run it on Flink".formatted(source.info().describe())));
        double partitionRate = source.ratePerSecond() / (double) parallelism;
        List<Integer> partitions = IntStream.range(0, parallelism).boxed().toList();
        return spark.parallelize(partitions, parallelism).mapPartitions(numbers -> {
            int partition = numbers.next();
            long from = count * partition / parallelism;
            long to = count * (partition + 1) / parallelism;
            long start = System.nanoTime();
            return java.util.stream.LongStream.range(from, to).mapToObj(value -> {
                if (partitionRate > 0) {
                    pace(start, value - from, partitionRate);
                }
                return new Object[] {value};
            }).iterator();
        });
    }

    private static void pace(long startNanos, long produced, double partitionRate) {
        long waitNanos = startNanos + (long) (produced / partitionRate * 1e9) - System.nanoTime();
        if (waitNanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(waitNanos);
        }
    }

    /** About two splits per slot, like the Java engine; one task per split. */
    static JavaRDD<Object[]> text(JavaSparkContext spark, TextFileSource source, int parallelism, int batchSize) {
        List<Split> splits;
        try {
            splits = FileSplits.plan(Path.of(source.path()), parallelism * 2).stream().map(Split::of).toList();
        } catch (WeftException e) {
            throw SparkFailures.withOperator(e, source.info().describe());
        }
        return spark.parallelize(splits, Math.max(1, splits.size()))
                .mapPartitions(parts -> readText(parts, batchSize));
    }

    /** One task per file (a CSV record may span lines, so files are not split), as the Java engine does. */
    static JavaRDD<Object[]> csv(JavaSparkContext spark, CsvFileSource source, int batchSize) {
        List<String> files;
        try {
            files = FileSplits.wholeFiles(Path.of(source.path())).stream().map(split -> split.file().toString()).toList();
        } catch (WeftException e) {
            throw SparkFailures.withOperator(e, source.info().describe());
        }
        CsvFormat format = source.format();
        String schemaJson = source.schema().toJson();
        return spark.parallelize(files, Math.max(1, files.size()))
                .mapPartitions(paths -> readCsv(paths, format, schemaJson, batchSize));
    }

    /** The generator's parts, as the Java engine cuts them; each task generates its own part. */
    static JavaRDD<Object[]> tpch(JavaSparkContext spark, TpchSource source, int parallelism, int batchSize) {
        String table = source.table();
        double scale = source.scaleFactor();
        int parts = TpchBatches.partsOf(table, parallelism);
        String schemaJson = source.schema().toJson();
        List<Integer> numbers = IntStream.range(0, parts).boxed().toList();
        return spark.parallelize(numbers, parts).mapPartitions(partNumbers -> {
            BufferAllocator allocator = ExecutorMemory.forTask("tpch-" + table);
            Schema schema = Schema.fromJSON(schemaJson);
            return flatten(partNumbers, part -> RowBatches.rows(
                    TpchBatches.batches(table, scale, part, parts, schema, batchSize, allocator)));
        });
    }

    /** One task per partition of the stream, reading it from the Flight server that holds it. */
    static JavaRDD<Object[]> remote(JavaSparkContext spark, RemoteStream stream) {
        List<Integer> partitions = IntStream.range(0, stream.partitions()).boxed().toList();
        return spark.parallelize(partitions, stream.partitions()).mapPartitions(numbers -> {
            BufferAllocator allocator = ExecutorMemory.forTask("read-" + stream.output());
            return flatten(numbers, partition -> {
                BatchReader reader = RemoteStreams.open(stream, partition, allocator);
                ExecutorMemory.onTaskEnd(reader, "reader of partition %d of %s".formatted(partition, stream));
                return RowBatches.rows(new BatchIterator(reader));
            });
        });
    }

    private static Iterator<Object[]> readText(Iterator<Split> splits, int batchSize) {
        BufferAllocator allocator = ExecutorMemory.forTask("text");
        return flatten(splits, split -> {
            List<VectorSchemaRoot> batches = new ArrayList<>();
            try {
                TextSplitReader.read(split.toFileSplit(), batchSize, allocator, batches::add);
            } catch (RuntimeException e) {
                batches.forEach(VectorSchemaRoot::close);
                throw e;
            }
            return RowBatches.rows(batches.iterator());
        });
    }

    private static Iterator<Object[]> readCsv(Iterator<String> files, CsvFormat format, String schemaJson, int batchSize)
            throws java.io.IOException {
        BufferAllocator allocator = ExecutorMemory.forTask("csv");
        Schema schema = Schema.fromJSON(schemaJson);
        return flatten(files, file -> {
            List<VectorSchemaRoot> batches = new ArrayList<>();
            try {
                CsvFileReader.read(Path.of(file), format, schema, batchSize, allocator, batches::add);
            } catch (RuntimeException e) {
                batches.forEach(VectorSchemaRoot::close);
                throw e;
            }
            return RowBatches.rows(batches.iterator());
        });
    }

    /** The rows of each item, one item after the other, opening the next item only when the previous one is done. */
    static <T> Iterator<Object[]> flatten(Iterator<T> items, java.util.function.Function<T, Iterator<Object[]>> rowsOf) {
        return new Iterator<>() {
            private Iterator<Object[]> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (!items.hasNext()) {
                        return false;
                    }
                    current = rowsOf.apply(items.next());
                }
                return true;
            }

            @Override
            public Object[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** A file split that Spark can ship (Path is not Serializable; a class, not a record: Kryo cannot build records). */
    static final class Split implements Serializable {
        private final String file;
        private final long start;
        private final long end;

        Split(String file, long start, long end) {
            this.file = file;
            this.start = start;
            this.end = end;
        }

        static Split of(FileSplit split) {
            return new Split(split.file().toString(), split.start(), split.end());
        }

        FileSplit toFileSplit() {
            return new FileSplit(Path.of(file), start, end);
        }
    }

    /** The batches of a reader, until it returns null. */
    private static final class BatchIterator implements Iterator<VectorSchemaRoot> {
        private final BatchReader reader;
        private VectorSchemaRoot next;
        private boolean done;

        BatchIterator(BatchReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                next = reader.next();
                done = next == null;
            }
            return next != null;
        }

        @Override
        public VectorSchemaRoot next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            VectorSchemaRoot batch = next;
            next = null;
            return batch;
        }
    }
}
