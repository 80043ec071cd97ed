package dev.weft.engine.java.physical;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.StageInput;
import dev.weft.api.types.DataTypes;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What an earlier stage wrote to a channel: one output partition per channel partition (a channel without
 * partitions is read as one empty partition). Each task opens its partition's reader, pushes every batch downstream
 * as it comes (Arrow already: no decoding, no re-batching, since no operator of this engine needs batches of the
 * target size) and closes the reader, also after a failure or a cancellation. A batch whose buffers belong to another
 * allocator is moved into the stage's allocator (zero copy under the same root allocator, copied otherwise), so that
 * what the stage holds is accounted to the stage and outlives the reader. Channel failures pass unchanged.
 */
public final class StageInputSourceNode extends PhysicalNode {
    private final StageInputSource source;
    private final StageInput input;
    private final int channelPartitions;

    public StageInputSourceNode(ExecutionContext context, StageInputSource operator) {
        this(context, operator, bind(context, operator));
    }

    private StageInputSourceNode(ExecutionContext context, StageInputSource operator, StageInput input) {
        super(context, operator, operator.schema(), Math.max(1, input.partitions()), List.of());
        this.source = operator;
        this.input = input;
        this.channelPartitions = input.partitions();
        checkSchema(input.schema(), "the channel's schema");
    }

    private static StageInput bind(ExecutionContext context, StageInputSource operator) {
        StageInput input;
        try {
            input = context.stage().input(operator);
        } catch (RuntimeException e) {
            throw Failures.fromChannel(e, operator.info().describe(), "binding channel '%s'".formatted(operator.channel()));
        }
        if (input == null || input.partitions() < 0) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s: the driver bound %s to channel '%s'; bind a stage input with 0 or more partitions"
                    .formatted(operator.info().describe(), input == null ? "nothing" : input.partitions() + " partitions", operator.channel()));
        }
        return input;
    }

    /** The channel this source reads. */
    public String channel() {
        return source.channel();
    }

    @Override
    public void execute(int partition, BatchSink out) {
        if (partition < channelPartitions) {
            try (PartitionReader reader = new PartitionReader(partition)) {
                pump(reader, out);
            }
        }
        out.finish();
    }

    /** Pushes the partition's batches until its end or until the pipeline wants no more. */
    private void pump(PartitionReader reader, BatchSink out) {
        boolean more = true;
        while (more) {
            context.checkCancelled();
            long start = System.nanoTime();
            VectorSchemaRoot received = reader.next();
            if (received == null) {
                return;
            }
            VectorSchemaRoot batch = adopt(received, reader.partition);
            metrics.addNanos(System.nanoTime() - start);
            if (batch.getRowCount() == 0) {
                batch.close();
                continue;
            }
            recordOutput(batch);
            more = out.accept(batch);
        }
    }

    /** The received batch (taken over) in the stage's allocator, with the source's schema. */
    private VectorSchemaRoot adopt(VectorSchemaRoot batch, int partition) {
        BufferAllocator allocator = context.allocator();
        try {
            checkSchema(batch.getSchema(), "a batch of %s".formatted(partitionName(partition)));
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
        if (allocatedBy(batch, allocator)) {
            return BatchShapes.conform(batch, schema(), allocator);
        }
        if (sameRoot(batch, allocator)) {
            return BatchShapes.select(batch, allColumns(), schema(), allocator);
        }
        try (batch) {
            return BatchShapes.conform(BatchShapes.copy(batch, allocator), schema(), allocator);
        }
    }

    /** Column count and types (names and nullability may differ; batches are renamed to the source's schema). */
    private void checkSchema(Schema actual, String what) {
        List<Field> expected = schema().getFields();
        List<Field> fields = actual.getFields();
        boolean matches = fields.size() == expected.size();
        for (int i = 0; matches && i < fields.size(); i++) {
            matches = fields.get(i).getType().equals(expected.get(i).getType());
        }
        if (!matches) {
            throw new WeftException(ErrorCode.CHANNEL_FAILED, ("%s: %s has columns %s where the stage reads %s; the producing stage must "
                    + "write the schema of channel '%s' (rerun both stages from the same plan)")
                    .formatted(describe(), what, columns(actual), columns(schema()), source.channel()));
        }
    }

    private String partitionName(int partition) {
        return "partition %d of %d of channel '%s'".formatted(partition, channelPartitions, source.channel());
    }

    private int[] allColumns() {
        int[] columns = new int[schema().getFields().size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = i;
        }
        return columns;
    }

    private static boolean allocatedBy(VectorSchemaRoot batch, BufferAllocator allocator) {
        for (FieldVector vector : batch.getFieldVectors()) {
            if (vector.getAllocator() != allocator) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRoot(VectorSchemaRoot batch, BufferAllocator allocator) {
        for (FieldVector vector : batch.getFieldVectors()) {
            if (vector.getAllocator().getRoot() != allocator.getRoot()) {
                return false;
            }
        }
        return true;
    }

    private static String columns(Schema schema) {
        return schema.getFields().stream().map(f -> f.getName() + " " + DataTypes.describe(f.getType())).toList().toString();
    }

    /**
     * The reader of one channel partition: what its calls throw is a channel failure (a WeftException unchanged),
     * kept apart from what the pipeline above the source throws.
     */
    private final class PartitionReader implements AutoCloseable {
        private final int partition;
        private final BatchReader reader;

        PartitionReader(int partition) {
            this.partition = partition;
            BatchReader opened;
            try {
                opened = input.open(partition);
            } catch (RuntimeException e) {
                throw Failures.fromChannel(e, describe(), "opening " + partitionName(partition));
            }
            if (opened == null) {
                throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s: the driver's stage input opened no reader for %s; it must open every partition"
                        .formatted(describe(), partitionName(partition)));
            }
            this.reader = opened;
        }

        /** The next batch; when the stage was cancelled meanwhile (a driver tearing the channel down), JOB_CANCELLED. */
        VectorSchemaRoot next() {
            try {
                return reader.next();
            } catch (RuntimeException e) {
                RuntimeException failure = Failures.fromChannel(e, describe(), "reading " + partitionName(partition));
                try {
                    context.checkCancelled();
                } catch (RuntimeException stopped) {
                    stopped.addSuppressed(failure);
                    throw stopped;
                }
                throw failure;
            }
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (RuntimeException e) {
                throw Failures.fromChannel(e, describe(), "closing the reader of " + partitionName(partition));
            }
        }
    }
}
