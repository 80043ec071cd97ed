package dev.weft.engine.flink.translate;

import static java.util.Objects.requireNonNull;

import dev.weft.kernels.rows.RowTransform;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Applies a {@link RowTransform} (filter, projection, map, flatMap ...) to chunks of up to {@code chunkRows} rows, so
 * declarative expressions run vectorized on batches. A chunk is flushed when full, at the end of the input, before a
 * watermark passes (rows never fall behind event time) and at the latest {@code maxDelayMillis} after its first row
 * (latency on slow unbounded streams). Only for transforms where rows are independent of each other.
 */
final class BufferedTransformOperator extends AbstractStreamOperator<Object[]>
        implements OneInputStreamOperator<Object[], Object[]>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final RowTransform transform;
    private final int chunkRows;
    private final long maxDelayMillis;
    private final String counterName;
    private transient List<Object[]> chunk;
    private transient boolean timerSet;
    private transient OperatorCounters counters;

    BufferedTransformOperator(RowTransform transform, int chunkRows, long maxDelayMillis, String counterName) {
        this.transform = requireNonNull(transform, "transform is null");
        this.chunkRows = chunkRows;
        this.maxDelayMillis = maxDelayMillis;
        this.counterName = requireNonNull(counterName, "counterName is null");
    }

    @Override
    public void open() throws Exception {
        super.open();
        chunk = new ArrayList<>(Math.min(chunkRows, 4096));
        counters = OperatorCounters.register(getRuntimeContext(), counterName);
    }

    @Override
    public void processElement(StreamRecord<Object[]> element) throws Exception {
        chunk.add(element.getValue());
        if (chunk.size() >= chunkRows) {
            flush();
        } else if (!timerSet && maxDelayMillis > 0) {
            timerSet = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + maxDelayMillis, time -> {
                timerSet = false;
                flush();
            });
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    private void flush() {
        if (chunk.isEmpty()) {
            return;
        }
        List<Object[]> rows = chunk;
        chunk = new ArrayList<>(Math.min(chunkRows, 4096));
        Iterator<Object[]> out = transform.apply(rows.iterator());
        long count = 0;
        StreamRecord<Object[]> record = new StreamRecord<>(null);
        while (out.hasNext()) {
            output.collect(record.replace(out.next()));
            count++;
        }
        counters.add(count);
    }
}
