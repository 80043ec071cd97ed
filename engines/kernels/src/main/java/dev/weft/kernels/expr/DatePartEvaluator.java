package dev.weft.kernels.expr;

import dev.weft.api.expr.Call;
import java.time.zone.ZoneRules;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * YEAR, MONTH and DAY of dates and timestamps (proleptic Gregorian calendar, dates before 1970 included), computed
 * from epoch days with integer arithmetic; timestamps in their time zone, UTC when they have none.
 */
final class DatePartEvaluator extends Evaluator {
    private final Call.Function function;
    private final Evaluator input;

    DatePartEvaluator(Field field, Call.Function function, Evaluator input) {
        super(field, List.of(input));
        this.function = function;
        this.input = input;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values values = input.evaluate(batch)) {
            ArrowType type = input.type();
            long[] days = epochDays(values.vector(), type, rowCount);
            FieldVector result = Vectors.allocate(field(), rowCount, batch.allocator());
            try {
                if (rowCount > 0) {
                    long address = Vectors.dataAddress(result, rowCount, 4);
                    switch (function) {
                        case YEAR -> {
                            for (int i = 0; i < rowCount; i++) {
                                MemoryUtil.putInt(address + 4L * i, Temporals.year(days[i]));
                            }
                        }
                        case MONTH -> {
                            for (int i = 0; i < rowCount; i++) {
                                MemoryUtil.putInt(address + 4L * i, Temporals.month(days[i]));
                            }
                        }
                        default -> {
                            for (int i = 0; i < rowCount; i++) {
                                MemoryUtil.putInt(address + 4L * i, Temporals.day(days[i]));
                            }
                        }
                    }
                    Bits.writeWords(result.getValidityBuffer(), Bits.validity(values.vector(), rowCount), rowCount);
                }
                result.setValueCount(rowCount);
                return Values.owned(result);
            } catch (RuntimeException | Error e) {
                result.close();
                throw e;
            }
        }
    }

    /** The epoch days of a date or timestamp vector's values. */
    static long[] epochDays(FieldVector vector, ArrowType type, int rowCount) {
        long[] values = Numbers.readLongs(vector, rowCount);
        long perDay = Temporals.unitsPerDay(type);
        ZoneRules zone = Temporals.zoneRules(type);
        if (zone == null) {
            if (perDay != 1) {
                for (int i = 0; i < rowCount; i++) {
                    values[i] = Math.floorDiv(values[i], perDay);
                }
            }
        } else {
            TimeUnit unit = ((ArrowType.Timestamp) type).getUnit();
            for (int i = 0; i < rowCount; i++) {
                values[i] = Temporals.epochDay(values[i], perDay, unit, zone);
            }
        }
        return values;
    }
}
