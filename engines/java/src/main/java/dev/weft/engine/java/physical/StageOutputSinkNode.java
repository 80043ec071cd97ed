package dev.weft.engine.java.physical;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.StageOutput;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Hands a stage's result to a later stage: input partition i is written, batch by batch as it comes, to channel
 * partition {@code i % partitions} (so every channel partition gets whole input partitions, each in order; with more
 * channel partitions than input partitions the rest stay empty). Each batch is conformed to the sink's schema (zero
 * copy) and its ownership passes to the writer. Empty batches are dropped. The driver, not this node, completes or
 * fails the channel's partitions once the stage has ended.
 */
public final class StageOutputSinkNode extends SinkNode {
    private final StageOutputSink sink;

    public StageOutputSinkNode(ExecutionContext context, StageOutputSink operator, PhysicalNode input) {
        super(context, operator, input);
        this.sink = operator;
    }

    /** The channel partition that input partition {@code inputPartition} is written to. */
    public static int channelPartition(int inputPartition, int channelPartitions) {
        return inputPartition % channelPartitions;
    }

    @Override
    public void prepare() {
        StageOutput output = bind();
        int partitions = output.partitions();
        context.runTasks(input.partitionCount(), partition -> {
            int target = channelPartition(partition, partitions);
            BatchWriter writer = writer(output, target, partitions);
            input.execute(partition, new BatchSink() {
                @Override
                public boolean accept(VectorSchemaRoot batch) {
                    write(writer, batch, target, partitions);
                    return true;
                }

                @Override
                public void finish() {}
            });
        });
    }

    private StageOutput bind() {
        StageOutput output;
        try {
            output = context.stage().output(sink);
        } catch (RuntimeException e) {
            throw Failures.fromChannel(e, describe(), "binding channel '%s'".formatted(sink.channel()));
        }
        if (output == null || output.partitions() < 1) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s: the driver bound %s to channel '%s'; bind a stage output with %d partitions"
                    .formatted(describe(), output == null ? "nothing" : output.partitions() + " partitions", sink.channel(), sink.partitions()));
        }
        return output;
    }

    private BatchWriter writer(StageOutput output, int target, int partitions) {
        BatchWriter writer;
        try {
            writer = output.partition(target);
        } catch (RuntimeException e) {
            throw Failures.fromChannel(e, describe(), "opening " + partitionName(target, partitions));
        }
        if (writer == null) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s: the driver's stage output has no writer for %s; it must give one for every partition"
                    .formatted(describe(), partitionName(target, partitions)));
        }
        return writer;
    }

    /** Writes the batch (owned) to the writer, which then owns it, also when the write fails. */
    private void write(BatchWriter writer, VectorSchemaRoot batch, int target, int partitions) {
        try {
            context.checkCancelled();
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
        VectorSchemaRoot shaped;
        try {
            shaped = BatchShapes.conform(batch, sink.schema(), context.allocator());
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
        if (shaped.getRowCount() == 0) {
            shaped.close();
            return;
        }
        recordOutput(shaped);
        long start = System.nanoTime();
        try {
            writer.write(shaped);
        } catch (RuntimeException e) {
            throw Failures.fromChannel(e, describe(), "writing to " + partitionName(target, partitions));
        }
        metrics.addNanos(System.nanoTime() - start);
    }

    private String partitionName(int partition, int partitions) {
        return "partition %d of %d of channel '%s'".formatted(partition, partitions, sink.channel());
    }
}
