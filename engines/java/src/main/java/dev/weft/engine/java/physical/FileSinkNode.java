package dev.weft.engine.java.physical;

import dev.weft.api.plan.CsvFileSink;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.TextFileSink;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.engine.java.exec.OrderedPartitionWriter;
import dev.weft.kernels.io.CsvFileWriter;
import dev.weft.kernels.io.TextFileWriter;
import java.nio.file.Path;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes a text or CSV file through the io writers, in partition order, into a temporary file that becomes the
 * target only on {@link #commit}: a failed stage leaves no half-written file.
 */
public final class FileSinkNode extends SinkNode {
    private final SinkOperator sink;
    private FileWriter writer;
    private OrderedPartitionWriter ordered;

    /** The part of the io writers this sink uses. */
    private interface FileWriter extends AutoCloseable {
        void write(VectorSchemaRoot batch);

        void commit();

        @Override
        void close();
    }

    public FileSinkNode(ExecutionContext context, TextFileSink operator, PhysicalNode input) {
        super(context, operator, input);
        this.sink = operator;
    }

    public FileSinkNode(ExecutionContext context, CsvFileSink operator, PhysicalNode input) {
        super(context, operator, input);
        this.sink = operator;
    }

    @Override
    public void prepare() {
        try {
            writer = open();
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
        ordered = new OrderedPartitionWriter(context, input.partitionCount(), batch -> {
            try (batch) {
                VectorSchemaRoot shaped = BatchShapes.conform(batch, sink.schema(), context.allocator());
                try (shaped) {
                    long start = System.nanoTime();
                    writer.write(shaped);
                    metrics.addNanos(System.nanoTime() - start);
                    recordOutput(shaped);
                }
            } catch (RuntimeException e) {
                throw Failures.withOperator(e, describe());
            }
        });
        context.runTasks(input.partitionCount(), partition -> input.execute(partition, ordered.sink(partition)));
    }

    private FileWriter open() {
        if (sink instanceof CsvFileSink csv) {
            CsvFileWriter csvWriter = CsvFileWriter.open(Path.of(csv.path()), csv.format(), csv.schema());
            return new FileWriter() {
                @Override
                public void write(VectorSchemaRoot batch) {
                    csvWriter.write(batch);
                }

                @Override
                public void commit() {
                    csvWriter.commit();
                }

                @Override
                public void close() {
                    csvWriter.close();
                }
            };
        }
        TextFileSink text = (TextFileSink) sink;
        TextFileWriter textWriter = TextFileWriter.open(Path.of(text.path()), text.schema());
        return new FileWriter() {
            @Override
            public void write(VectorSchemaRoot batch) {
                textWriter.write(batch);
            }

            @Override
            public void commit() {
                textWriter.commit();
            }

            @Override
            public void close() {
                textWriter.close();
            }
        };
    }

    @Override
    public void commit() {
        try {
            writer.commit();
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
    }

    @Override
    public void close() {
        try {
            if (ordered != null) {
                ordered.close();
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }
}
