package dev.weft.engine.flink.translate;

import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * The Flink window of a row that already carries its window in columns 0 and 1 (window_start, window_end, see
 * {@link WindowColumns}): event-time windows in milliseconds, fired when the watermark passes their end.
 */
final class RowWindows extends WindowAssigner<Object, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
        Object[] row = (Object[]) element;
        long start = Math.floorDiv(WindowColumns.eventMicros(row[0]), 1_000L);
        long end = Math.floorDiv(WindowColumns.eventMicros(row[1]) + 999L, 1_000L);
        return List.of(new TimeWindow(start, end));
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return EventTimeTrigger.create();
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig executionConfig) {
        return new TimeWindow.Serializer();
    }

    @Override
    public boolean isEventTime() {
        return true;
    }

    @Override
    public String toString() {
        return "RowWindows()";
    }
}
