package dev.weft.engine.flink.translate;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.Window;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Puts each row into its event-time windows as the Java engine does: two leading columns window_start and window_end
 * (Instants, windows aligned to the epoch; one window when tumbling, every covering window when sliding); rows without
 * event time belong to no window and are dropped.
 */
final class WindowColumns implements FlatMapFunction<Object[], Object[]>, Serializable {
    private static final long serialVersionUID = 1L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final int timeColumn;
    private final long sizeMicros;
    private final long slideMicros;

    private WindowColumns(int timeColumn, long sizeMicros, long slideMicros) {
        this.timeColumn = timeColumn;
        this.sizeMicros = sizeMicros;
        this.slideMicros = slideMicros;
    }

    static WindowColumns of(AggregateOperator operator, Window window, String eventTimeColumn) {
        if (window.kind() == Window.Kind.SESSION) {
            throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION, ("%s: the Flink engine does not run session windows in this version; "
                    + "use tumbling or sliding windows").formatted(operator.info().describe()));
        }
        return new WindowColumns(timeColumn(operator, eventTimeColumn), micros(window.size()), micros(window.slide()));
    }

    static int timeColumn(AggregateOperator operator, String eventTimeColumn) {
        List<Field> fields = operator.input().schema().getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(eventTimeColumn)) {
                return i;
            }
        }
        throw new WeftException(ErrorCode.INVALID_PLAN, "%s: the event time column '%s' is not among the input columns %s"
                .formatted(operator.info().describe(), eventTimeColumn, fields.stream().map(Field::getName).toList()));
    }

    static long micros(Duration duration) {
        return duration.toSeconds() * 1_000_000L + duration.toNanosPart() / 1_000L;
    }

    /** Event time of a value of the time column in microseconds, or Long.MIN_VALUE when it has none. */
    static long eventMicros(Object value) {
        if (value instanceof Instant instant) {
            return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L;
        }
        if (value instanceof LocalDate date) {
            return date.toEpochDay() * MICROS_PER_DAY;
        }
        if (value instanceof Long micros) {
            return micros;
        }
        return Long.MIN_VALUE;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** The input schema with window_start and window_end in front. */
    static Schema windowedSchema(Schema input, Schema aggregateOutput) {
        List<Field> fields = new java.util.ArrayList<>();
        fields.add(aggregateOutput.getFields().get(0));
        fields.add(aggregateOutput.getFields().get(1));
        fields.addAll(input.getFields());
        return new Schema(fields);
    }

    @Override
    public void flatMap(Object[] row, Collector<Object[]> out) {
        Object value = row[timeColumn];
        if (value == null) {
            return;
        }
        long micros = eventMicros(value);
        for (long start = Math.floorDiv(micros, slideMicros) * slideMicros; start > micros - sizeMicros; start -= slideMicros) {
            Object[] windowed = new Object[row.length + 2];
            windowed[0] = instant(start);
            windowed[1] = instant(start + sizeMicros);
            System.arraycopy(row, 0, windowed, 2, row.length);
            out.collect(windowed);
        }
    }
}
