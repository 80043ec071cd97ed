package dev.weft.engine.flink.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.spi.BatchReader;
import dev.weft.channels.flight.RemoteStream;
import dev.weft.host.io.RemoteStreams;
import dev.weft.kernels.rows.RowBatches;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Reads one partition of a stage input per element (the partition number) inside the task manager, straight from the
 * Flight server that holds it, and emits its rows. Fed by a parallel sequence source with one element per partition.
 */
public final class PartitionReadFunction extends RichFlatMapFunction<Long, Object[]> {
    private static final long serialVersionUID = 1L;

    private final RemoteStream stream;
    private final String counterName;
    private transient LongCounter rows;

    public PartitionReadFunction(RemoteStream stream, String counterName) {
        this.stream = requireNonNull(stream, "stream is null");
        this.counterName = requireNonNull(counterName, "counterName is null");
    }

    @Override
    public void open(OpenContext context) {
        rows = new LongCounter();
        getRuntimeContext().addAccumulator(counterName, rows);
    }

    @Override
    public void flatMap(Long partition, Collector<Object[]> out) {
        try (BufferAllocator allocator = RemoteStreams.allocator("flink-read-%s-%d".formatted(stream.stage(), partition));
             BatchReader reader = RemoteStreams.open(stream, partition.intValue(), allocator)) {
            Iterator<Object[]> values = RowBatches.rows(new ReaderIterator(reader));
            long count = 0;
            while (values.hasNext()) {
                out.collect(values.next());
                count++;
            }
            rows.add(count);
        }
    }

    /** The reader's batches (each handed over to the consumer, which closes it). */
    private static final class ReaderIterator implements Iterator<VectorSchemaRoot> {
        private final BatchReader reader;
        private VectorSchemaRoot next;
        private boolean done;

        ReaderIterator(BatchReader reader) {
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
