package dev.weft.engine.java.physical;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Window;
import dev.weft.api.types.DataTypes;
import dev.weft.channels.Batches;
import dev.weft.engine.java.exec.BatchShapes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Puts each row of a bounded input into its event-time windows (tumbling: one; sliding: every window that covers
 * it), as two leading columns window_start and window_end (timestamps, windows aligned to the epoch). Rows without
 * event time belong to no window and are dropped.
 */
final class WindowAssigner {
    static final Field WINDOW_START = DataTypes.field("window_start", DataTypes.TIMESTAMP, false);
    static final Field WINDOW_END = DataTypes.field("window_end", DataTypes.TIMESTAMP, false);
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final int timeColumn;
    private final boolean dateColumn;
    private final long sizeMicros;
    private final long slideMicros;
    private final Schema outputSchema;

    WindowAssigner(LogicalOperator operator, Window window, Schema input, String eventTimeColumn) {
        if (window.kind() == Window.Kind.SESSION) {
            throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION, ("%s: the Java engine does not run session windows in this version; "
                    + "use tumbling or sliding windows, or run the job on Flink").formatted(operator.info().describe()));
        }
        int column = -1;
        for (int i = 0; i < input.getFields().size(); i++) {
            if (input.getFields().get(i).getName().equals(eventTimeColumn)) {
                column = i;
            }
        }
        if (column < 0) {
            throw new WeftException(ErrorCode.INVALID_PLAN, "%s: the event time column '%s' is not among the input columns %s"
                    .formatted(operator.info().describe(), eventTimeColumn, input.getFields().stream().map(Field::getName).toList()));
        }
        ArrowType type = input.getFields().get(column).getType();
        if (type instanceof ArrowType.Timestamp timestamp && timestamp.getUnit() != org.apache.arrow.vector.types.TimeUnit.MICROSECOND) {
            throw new WeftException(ErrorCode.UNSUPPORTED_TYPE, "%s: event time column '%s' must be in microseconds"
                    .formatted(operator.info().describe(), eventTimeColumn));
        }
        this.timeColumn = column;
        this.dateColumn = type instanceof ArrowType.Date;
        this.sizeMicros = micros(window.size());
        this.slideMicros = micros(window.slide());
        List<Field> fields = new ArrayList<>();
        fields.add(WINDOW_START);
        fields.add(WINDOW_END);
        fields.addAll(input.getFields());
        this.outputSchema = new Schema(fields);
    }

    private static long micros(Duration duration) {
        return duration.toSeconds() * 1_000_000L + duration.toNanosPart() / 1_000L;
    }

    Schema outputSchema() {
        return outputSchema;
    }

    /** The windowed rows of the batch; takes ownership of it. */
    VectorSchemaRoot assign(VectorSchemaRoot batch, BufferAllocator allocator) {
        try (batch) {
            FieldVector time = batch.getVector(timeColumn);
            int rows = batch.getRowCount();
            int[] sources = new int[Math.max(1, rows)];
            long[] starts = new long[sources.length];
            int count = 0;
            for (int row = 0; row < rows; row++) {
                if (time.isNull(row)) {
                    continue;
                }
                long micros = dateColumn ? ((DateDayVector) time).get(row) * MICROS_PER_DAY : ((TimeStampVector) time).get(row);
                for (long start = Math.floorDiv(micros, slideMicros) * slideMicros; start > micros - sizeMicros; start -= slideMicros) {
                    if (count == sources.length) {
                        sources = Arrays.copyOf(sources, count * 2);
                        starts = Arrays.copyOf(starts, count * 2);
                    }
                    sources[count] = row;
                    starts[count++] = start;
                }
            }
            VectorSchemaRoot windows = windowColumns(starts, count, allocator);
            VectorSchemaRoot copied;
            try {
                copied = Batches.copyRows(batch, sources, count, allocator);
            } catch (RuntimeException e) {
                windows.close();
                throw e;
            }
            return BatchShapes.concatColumns(windows, copied, outputSchema, allocator);
        }
    }

    private VectorSchemaRoot windowColumns(long[] starts, int count, BufferAllocator allocator) {
        TimeStampMicroTZVector start = (TimeStampMicroTZVector) WINDOW_START.createVector(allocator);
        TimeStampMicroTZVector end = (TimeStampMicroTZVector) WINDOW_END.createVector(allocator);
        try {
            start.allocateNew(count);
            end.allocateNew(count);
            for (int i = 0; i < count; i++) {
                start.set(i, starts[i]);
                end.set(i, starts[i] + sizeMicros);
            }
            start.setValueCount(count);
            end.setValueCount(count);
        } catch (RuntimeException e) {
            start.close();
            end.close();
            throw e;
        }
        return new VectorSchemaRoot(List.of(WINDOW_START, WINDOW_END), List.of(start, end), count);
    }
}
