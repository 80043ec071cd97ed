package dev.weft.engine.flink.translate;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/** Counts a subtask's rows as they pass and emits one row {@code {count}} at the end of its bounded input (no row is kept). */
final class RowCountOperator extends AbstractStreamOperator<Object[]> implements OneInputStreamOperator<Object[], Object[]>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private transient long count;

    @Override
    public void processElement(StreamRecord<Object[]> element) {
        count++;
    }

    @Override
    public void endInput() {
        output.collect(new StreamRecord<>(new Object[] {count}));
    }
}
