package dev.weft.engine.java.physical;

import dev.weft.api.WeftException;
import dev.weft.api.function.MapPartitionsFunction;
import dev.weft.api.plan.MapPartitionsOperator;
import dev.weft.api.types.ElementType;
import dev.weft.channels.RowDecoder;
import dev.weft.channels.RowEncoder;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.engine.java.exec.SpillableBatchBuffer;
import dev.weft.engine.java.exec.UserFunctions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * mapPartitions: the partition's batches are held until the partition ends (spilled beyond the buffer budget), then
 * the lambda pulls decoded elements through an iterator (each batch is released once read) and its output is encoded
 * into batches.
 */
public final class MapPartitionsNode extends PhysicalNode {
    private final PhysicalNode input;
    private final MapPartitionsOperator mapPartitions;
    private final ElementType<Object> inputType;
    private final ElementType<Object> outputType;

    @SuppressWarnings("unchecked")
    public MapPartitionsNode(ExecutionContext context, MapPartitionsOperator operator, PhysicalNode input) {
        super(context, operator, operator.schema(), input.partitionCount(), List.of(input));
        this.input = input;
        this.mapPartitions = operator;
        this.inputType = (ElementType<Object>) operator.input().output().elementType();
        this.outputType = (ElementType<Object>) operator.output().elementType();
    }

    @Override
    public void execute(int partition, BatchSink out) {
        try (PartitionSink sink = new PartitionSink(partition, out)) {
            input.execute(partition, sink);
        }
    }

    private final class PartitionSink implements BatchSink, AutoCloseable {
        private final int partition;
        private final BatchSink out;
        private final SpillableBatchBuffer buffered = context.newBuffer();
        private SpillableBatchBuffer.Cursor cursor;
        private VectorSchemaRoot reading;

        PartitionSink(int partition, BatchSink out) {
            this.partition = partition;
            this.out = out;
        }

        @Override
        public boolean accept(VectorSchemaRoot batch) {
            buffered.append(batch);
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void finish() {
            long start = System.nanoTime();
            DecodingIterator elements = new DecodingIterator();
            Class<?> outputClass = outputType.javaClass();
            try (RowEncoder<Object> encoder = RowEncoder.create(outputType, context.allocator())) {
                Iterator<Object> results;
                try {
                    results = ((MapPartitionsFunction<Object, Object>) mapPartitions.function().function()).mapPartition(elements);
                } catch (Exception e) {
                    throw failure(elements, e);
                }
                boolean more = true;
                while (more && results != null) {
                    Object result;
                    try {
                        if (!results.hasNext()) {
                            break;
                        }
                        result = results.next();
                    } catch (RuntimeException e) {
                        throw failure(elements, e);
                    }
                    if (result != null && !outputClass.isInstance(result)) {
                        throw UserFunctions.wrongType(mapPartitions, outputClass, result);
                    }
                    try {
                        encoder.append(result);
                    } catch (WeftException e) {
                        throw Failures.withOperator(e, describe());
                    }
                    if (encoder.rowCount() >= context.batchSize()) {
                        context.checkCancelled();
                        more = push(encoder.finish());
                    }
                }
                if (more && encoder.rowCount() > 0) {
                    push(encoder.finish());
                }
            } finally {
                metrics.addNanos(System.nanoTime() - start);
            }
            out.finish();
        }

        private boolean push(VectorSchemaRoot batch) {
            recordOutput(batch);
            return out.accept(batch);
        }

        private WeftException failure(DecodingIterator elements, Exception cause) {
            String where = elements.read > 0
                    ? "partition %d after element %s".formatted(partition, UserFunctions.render(elements.last))
                    : "partition %d".formatted(partition);
            return UserFunctions.failed(mapPartitions, where, cause);
        }

        @Override
        public void close() {
            List<AutoCloseable> resources = new ArrayList<>();
            resources.add(reading);
            resources.add(cursor);
            resources.add(buffered);
            reading = null;
            cursor = null;
            BatchShapes.closeAll(resources);
        }

        /** The buffered batches as elements, each batch released once read. */
        private final class DecodingIterator implements Iterator<Object> {
            private final RowDecoder<Object> decoder = RowDecoder.create(inputType);
            private int row;
            private long read;
            private Object last;

            @Override
            public boolean hasNext() {
                while (reading == null || row >= reading.getRowCount()) {
                    if (reading != null) {
                        reading.close();
                        reading = null;
                    }
                    if (cursor == null) {
                        cursor = buffered.read(SpillableBatchBuffer.ReadMode.TAKE);
                    }
                    context.checkCancelled();
                    reading = cursor.next();
                    if (reading == null) {
                        return false;
                    }
                    decoder.bind(reading);
                    row = 0;
                }
                return true;
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("partition %d has no more elements".formatted(partition));
                }
                last = decoder.get(row++);
                read++;
                return last;
            }
        }
    }
}
