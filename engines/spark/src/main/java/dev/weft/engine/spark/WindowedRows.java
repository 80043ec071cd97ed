package dev.weft.engine.spark;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.Expression;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.EdgeProperties;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.Window;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.ElementType;
import dev.weft.kernels.rows.RowTransform;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A windowed aggregation of a bounded input as the Java engine runs it: each row is put into its event-time windows
 * (tumbling: one, sliding: every window covering it; aligned to the epoch; rows without event time dropped) as two
 * leading columns window_start and window_end, then grouped by the window columns and the keys.
 */
final class WindowedRows {
    static final Field WINDOW_START = DataTypes.field("window_start", DataTypes.TIMESTAMP, false);
    static final Field WINDOW_END = DataTypes.field("window_end", DataTypes.TIMESTAMP, false);

    private WindowedRows() {}

    /** The rows with their window columns in front. */
    static RowTransform assign(AggregateOperator aggregate) {
        Window window = aggregate.window().orElseThrow();
        if (window.kind() == Window.Kind.SESSION) {
            throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION, ("%s: the Spark engine does not run session windows; "
                    + "use tumbling or sliding windows, or run the job on Flink").formatted(aggregate.info().describe()));
        }
        String column = aggregate.input().output().eventTime().map(EdgeProperties.EventTime::column).orElseThrow(() -> new WeftException(
                ErrorCode.INVALID_PLAN, "%s: a windowed aggregation needs event time".formatted(aggregate.info().describe())));
        List<Field> fields = aggregate.input().schema().getFields();
        int timeColumn = -1;
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(column)) {
                timeColumn = i;
            }
        }
        if (timeColumn < 0) {
            throw new WeftException(ErrorCode.INVALID_PLAN, "%s: the event time column '%s' is not among the input columns"
                    .formatted(aggregate.info().describe(), column));
        }
        return new Assigner(timeColumn, micros(window.size()), micros(window.slide()));
    }

    /** The same aggregation over the windowed rows, grouped by window_start, window_end, then the keys. */
    static AggregateOperator regrouped(AggregateOperator aggregate) {
        List<Field> fields = new ArrayList<>();
        fields.add(WINDOW_START);
        fields.add(WINDOW_END);
        fields.addAll(aggregate.input().schema().getFields());
        StageInputSource windowed = new StageInputSource(aggregate.info(), EdgeProperties.bounded(ElementType.row(new Schema(fields))), "windowed");
        List<Expression> keys = new ArrayList<>();
        keys.add(new ColumnRef(WINDOW_START.getName()));
        keys.add(new ColumnRef(WINDOW_END.getName()));
        keys.addAll(aggregate.groupKeys());
        return new AggregateOperator(aggregate.info(), aggregate.output(), windowed, keys, aggregate.aggregates(), Optional.empty());
    }

    private static long micros(Duration duration) {
        return duration.toSeconds() * 1_000_000L + duration.toNanosPart() / 1_000L;
    }

    private record Assigner(int timeColumn, long sizeMicros, long slideMicros) implements RowTransform {
        @Override
        public Iterator<Object[]> apply(Iterator<Object[]> rows) {
            return new Iterator<>() {
                private final List<Object[]> pending = new ArrayList<>();
                private int next;

                @Override
                public boolean hasNext() {
                    while (next == pending.size()) {
                        if (!rows.hasNext()) {
                            return false;
                        }
                        pending.clear();
                        next = 0;
                        assign(rows.next(), pending);
                    }
                    return true;
                }

                @Override
                public Object[] next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return pending.get(next++);
                }
            };
        }

        private void assign(Object[] row, List<Object[]> out) {
            Object time = row[timeColumn];
            if (time == null) {
                return;
            }
            long micros = time instanceof LocalDate date ? date.toEpochDay() * 86_400_000_000L : toMicros((Instant) time);
            for (long start = Math.floorDiv(micros, slideMicros) * slideMicros; start > micros - sizeMicros; start -= slideMicros) {
                Object[] windowed = new Object[row.length + 2];
                windowed[0] = fromMicros(start);
                windowed[1] = fromMicros(start + sizeMicros);
                System.arraycopy(row, 0, windowed, 2, row.length);
                out.add(windowed);
            }
        }

        private static long toMicros(Instant instant) {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
        }

        private static Instant fromMicros(long micros) {
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
    }
}
