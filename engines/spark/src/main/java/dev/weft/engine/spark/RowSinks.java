package dev.weft.engine.spark;

import dev.weft.api.plan.CsvFormat;
import dev.weft.channels.flight.RemoteStream;
import dev.weft.host.io.RemoteStreamWriter;
import dev.weft.host.io.RemoteStreams;
import dev.weft.kernels.io.CsvFileWriter;
import dev.weft.kernels.io.TextFileWriter;
import dev.weft.kernels.rows.RowBatches;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction;

/**
 * Sinks: every one writes from executors. Remote streams (stage outputs, collect results) get exactly one writer per
 * partition, which is completed at the end of its task or failed with the task's error; partitions the RDD does not
 * have are written empty. Files are written by one task, in the order of the rows (coalesce(1) keeps it).
 */
final class RowSinks {
    private RowSinks() {}

    /** Writes the rows, in order, to the single partition of a collect stream. */
    static void collect(JavaRDD<Object[]> rows, RemoteStream stream, int batchSize) {
        toStream(rows.getNumPartitions() <= 1 ? rows : rows.coalesce(1), stream, batchSize);
    }

    /** Partition i of the (coalesced) RDD goes to partition i of the stream; missing partitions are written empty. */
    static void toStream(JavaRDD<Object[]> rows, RemoteStream stream, int batchSize) {
        JavaRDD<Object[]> shaped = rows.getNumPartitions() > stream.partitions() ? rows.coalesce(stream.partitions()) : rows;
        String schemaJson = stream.schemaJson();
        shaped.foreachPartition(partition -> writePartition(partition, stream, TaskContext.getPartitionId(), schemaJson, batchSize));
        for (int missing = shaped.getNumPartitions(); missing < stream.partitions(); missing++) {
            writePartition(Collections.emptyIterator(), stream, missing, schemaJson, batchSize);
        }
    }

    static void text(JavaRDD<Object[]> rows, String path, Schema schema, int batchSize) {
        String schemaJson = schema.toJson();
        oneTask(rows, partition -> {
            Schema shape = parse(schemaJson);
            try (TextFileWriter writer = TextFileWriter.open(Path.of(path), shape)) {
                writeBatches(partition, shape, batchSize, "text-sink", writer::write);
                writer.commit();
            }
        });
    }

    static void csv(JavaRDD<Object[]> rows, String path, CsvFormat format, Schema schema, int batchSize) {
        String schemaJson = schema.toJson();
        oneTask(rows, partition -> {
            Schema shape = parse(schemaJson);
            try (CsvFileWriter writer = CsvFileWriter.open(Path.of(path), format, shape)) {
                writeBatches(partition, shape, batchSize, "csv-sink", writer::write);
                writer.commit();
            }
        });
    }

    /** Runs {@code write} once over all rows, in order: in one Spark task, or on the host if the RDD has no partition. */
    private static void oneTask(JavaRDD<Object[]> rows, VoidFunction<Iterator<Object[]>> write) {
        JavaRDD<Object[]> single = rows.getNumPartitions() == 1 ? rows : rows.coalesce(1);
        if (single.getNumPartitions() > 0) {
            single.foreachPartition(write);
            return;
        }
        try {
            write.call(Collections.emptyIterator());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("writing an empty file failed: " + e, e);
        }
    }

    /** Encodes the rows as batches and hands each (owned) to the consumer; file writers copy, so the batch is closed here. */
    private static void writeBatches(Iterator<Object[]> rows, Schema schema, int batchSize, String what, Consumer<VectorSchemaRoot> out) {
        try (BufferAllocator allocator = RemoteStreams.allocator(what)) {
            Iterator<VectorSchemaRoot> batches = RowBatches.batches(rows, schema, batchSize, allocator);
            while (batches.hasNext()) {
                try (VectorSchemaRoot batch = batches.next()) {
                    out.accept(batch);
                }
            }
        }
    }

    private static void writePartition(Iterator<Object[]> rows, RemoteStream stream, int partition, String schemaJson, int batchSize) {
        Schema schema = parse(schemaJson);
        try (BufferAllocator allocator = RemoteStreams.allocator("write-%d-%s".formatted(partition, stream.output()));
             RemoteStreamWriter writer = RemoteStreams.writer(stream, partition, allocator)) {
            try {
                Iterator<VectorSchemaRoot> batches = RowBatches.batches(rows, schema, batchSize, allocator);
                while (batches.hasNext()) {
                    writer.write(batches.next());
                }
                writer.complete();
            } catch (RuntimeException | Error e) {
                writer.fail(e);
                throw e;
            }
        }
    }

    private static Schema parse(String json) {
        try {
            return Schema.fromJSON(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not an Arrow schema: " + json, e);
        }
    }
}
