package dev.weft.kernels.expr;

import dev.weft.api.types.DataTypes;
import java.time.zone.ZoneRules;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * CAST (and the implicit widening of operands): numeric and temporal conversions run as loops over primitive arrays;
 * conversions from and to strings go row by row through {@link Casts}, whose rules all paths share.
 */
final class CastEvaluator extends Evaluator {
    private enum Path {
        INTEGER_TO_INTEGER,
        INTEGER_TO_FLOAT,
        FLOAT_TO_FLOAT,
        FLOAT_TO_INTEGER,
        FLOAT_TO_BOOLEAN,
        INTEGER_TO_DECIMAL,
        TEMPORAL,
        PER_ROW,
        TO_STRING
    }

    private final Evaluator input;
    private final Path path;
    private final String expression;
    private final boolean arithmeticResult;

    private CastEvaluator(Field field, Evaluator input, Path path, String expression, boolean arithmeticResult) {
        super(field, List.of(input));
        this.input = input;
        this.path = path;
        this.expression = expression;
        this.arithmeticResult = arithmeticResult;
    }

    /** Narrows an int result of arithmetic to tinyint or smallint; a value out of range is an overflow error. */
    static Evaluator narrowing(Evaluator computed, Field field, String expression) {
        return new CastEvaluator(field, computed, Path.INTEGER_TO_INTEGER, expression, true);
    }

    /**
     * An evaluator of {@code input} converted to {@code field}'s type: the input itself when the types are equal, a
     * folded constant for a literal input, otherwise a cast.
     */
    static Evaluator create(Evaluator input, Field field, String expression) {
        ArrowType from = input.type();
        ArrowType to = field.getType();
        if (from.equals(to)) {
            return input;
        }
        if (input instanceof LiteralEvaluator literal) {
            return new LiteralEvaluator(field, Casts.convert(literal.value(), from, to, expression));
        }
        if (from instanceof ArrowType.Null) {
            return new LiteralEvaluator(field, null);
        }
        return new CastEvaluator(field, input, path(from, to), expression, false);
    }

    private static Path path(ArrowType from, ArrowType to) {
        boolean integerLike = from instanceof ArrowType.Int || from instanceof ArrowType.Bool;
        if (to instanceof ArrowType.Utf8) {
            return Path.TO_STRING;
        }
        if (integerLike && (to instanceof ArrowType.Int || to instanceof ArrowType.Bool)) {
            return Path.INTEGER_TO_INTEGER;
        }
        if (integerLike && to instanceof ArrowType.FloatingPoint) {
            return Path.INTEGER_TO_FLOAT;
        }
        if (from instanceof ArrowType.FloatingPoint && to instanceof ArrowType.FloatingPoint) {
            return Path.FLOAT_TO_FLOAT;
        }
        if (from instanceof ArrowType.FloatingPoint && to instanceof ArrowType.Int) {
            return Path.FLOAT_TO_INTEGER;
        }
        if (from instanceof ArrowType.FloatingPoint && to instanceof ArrowType.Bool) {
            return Path.FLOAT_TO_BOOLEAN;
        }
        if (integerLike && to instanceof ArrowType.Decimal decimal && decimal.getPrecision() <= 18 && Numbers.fastDecimals()) {
            return Path.INTEGER_TO_DECIMAL;
        }
        if (DataTypes.isTemporal(from) && DataTypes.isTemporal(to)) {
            return Path.TEMPORAL;
        }
        return Path.PER_ROW;
    }

    @Override
    boolean failsOnSomeValues() {
        return switch (path) {
            case INTEGER_TO_INTEGER -> !widens(input.type(), type());
            case INTEGER_TO_FLOAT, FLOAT_TO_BOOLEAN, TO_STRING -> false;
            case FLOAT_TO_FLOAT -> Casts.single((ArrowType.FloatingPoint) type());
            default -> true;
        };
    }

    /** Whether every value of integer type {@code from} fits integer (or boolean) type {@code to}. */
    private static boolean widens(ArrowType from, ArrowType to) {
        if (to instanceof ArrowType.Bool) {
            return true;
        }
        if (from instanceof ArrowType.Bool) {
            return true;
        }
        ArrowType.Int source = (ArrowType.Int) from;
        ArrowType.Int target = (ArrowType.Int) to;
        return Numbers.minValue(target) <= Numbers.minValue(source) && Numbers.maxValue(target) >= Numbers.maxValue(source);
    }

    @Override
    Values evaluate(Batch batch) {
        try (Values values = input.evaluate(batch)) {
            FieldVector source = values.vector();
            int rowCount = batch.rowCount();
            BufferAllocator allocator = batch.allocator();
            if (source instanceof NullVector) {
                return Values.owned(Vectors.allNull(field(), rowCount, allocator));
            }
            if (path == Path.TO_STRING) {
                return Values.owned(toStrings(source, rowCount, allocator));
            }
            FieldVector result = Vectors.allocate(field(), rowCount, allocator);
            try {
                long[] validity = Bits.validity(source, rowCount);
                convert(source, result, validity, rowCount);
                Bits.writeWords(result.getValidityBuffer(), validity, rowCount);
                result.setValueCount(rowCount);
                return Values.owned(result);
            } catch (RuntimeException | Error e) {
                result.close();
                throw e;
            }
        }
    }

    private void convert(FieldVector source, FieldVector result, long[] validity, int rowCount) {
        ArrowType from = input.type();
        ArrowType to = type();
        boolean nulls = Bits.count(validity) < rowCount;
        switch (path) {
            case INTEGER_TO_INTEGER -> {
                long[] values = Numbers.readLongs(source, rowCount);
                if (to instanceof ArrowType.Int target && !widens(from, to)) {
                    long min = Numbers.minValue(target);
                    long max = Numbers.maxValue(target);
                    for (int i = 0; i < rowCount; i++) {
                        long value = values[i];
                        if ((value < min || value > max) && (!nulls || Bits.isSet(validity, i))) {
                            throw arithmeticResult ? Errors.overflow(expression, value, to)
                                    : Errors.cannotCast(expression, value, to, "the value is out of range");
                        }
                    }
                }
                Numbers.writeLongs(values, result, rowCount);
            }
            case INTEGER_TO_FLOAT -> {
                long[] values = Numbers.readLongs(source, rowCount);
                double[] doubles = new double[rowCount];
                for (int i = 0; i < rowCount; i++) {
                    doubles[i] = values[i];
                }
                Numbers.writeDoubles(doubles, result, rowCount);
            }
            case FLOAT_TO_FLOAT -> {
                double[] values = Numbers.readDoubles(source, rowCount);
                if (Casts.single((ArrowType.FloatingPoint) to)) {
                    for (int i = 0; i < rowCount; i++) {
                        if (!nulls || Bits.isSet(validity, i)) {
                            Casts.narrow(values[i], to, expression);
                        }
                    }
                }
                Numbers.writeDoubles(values, result, rowCount);
            }
            case FLOAT_TO_INTEGER -> {
                double[] values = Numbers.readDoubles(source, rowCount);
                long[] longs = new long[rowCount];
                ArrowType.Int target = (ArrowType.Int) to;
                for (int i = 0; i < rowCount; i++) {
                    if (!nulls || Bits.isSet(validity, i)) {
                        longs[i] = Casts.truncate(values[i], target, expression);
                    }
                }
                Numbers.writeLongs(longs, result, rowCount);
            }
            case FLOAT_TO_BOOLEAN -> {
                double[] values = Numbers.readDoubles(source, rowCount);
                long[] longs = new long[rowCount];
                for (int i = 0; i < rowCount; i++) {
                    longs[i] = values[i] != 0 ? 1 : 0;
                }
                Numbers.writeLongs(longs, result, rowCount);
            }
            case INTEGER_TO_DECIMAL -> integersToDecimals(source, result, validity, nulls, rowCount);
            case TEMPORAL -> temporals(source, result, validity, nulls, rowCount);
            default -> {
                for (int i = 0; i < rowCount; i++) {
                    if (!nulls || Bits.isSet(validity, i)) {
                        Scalars.write(result, i, Casts.convert(Scalars.read(source, i), from, to, expression));
                    }
                }
            }
        }
    }

    private void integersToDecimals(FieldVector source, FieldVector result, long[] validity, boolean nulls, int rowCount) {
        ArrowType.Decimal to = (ArrowType.Decimal) type();
        long[] values = Numbers.readLongs(source, rowCount);
        long limit = Numbers.pow10(to.getPrecision() - to.getScale());
        long factor = Numbers.pow10(to.getScale());
        if (rowCount == 0) {
            return;
        }
        long address = Vectors.dataAddress(result, rowCount, 16);
        for (int i = 0; i < rowCount; i++) {
            if (nulls && !Bits.isSet(validity, i)) {
                continue;
            }
            long value = values[i];
            if (value <= -limit || value >= limit) {
                throw Errors.cannotCast(expression, value, to,
                        "the value has more than %d digits before the decimal point".formatted(to.getPrecision() - to.getScale()));
            }
            long unscaled = value * factor;
            Numbers.putDecimal(address, i, unscaled, unscaled >> 63);
        }
    }

    private void temporals(FieldVector source, FieldVector result, long[] validity, boolean nulls, int rowCount) {
        ArrowType from = input.type();
        ArrowType to = type();
        long[] values = Numbers.readLongs(source, rowCount);
        ZoneRules zone = Temporals.zoneRules(from);
        boolean simpleDays = to instanceof ArrowType.Date && zone == null;
        long fromPerDay = Temporals.unitsPerDay(from);
        long toPerDay = Temporals.unitsPerDay(to);
        try {
            if (simpleDays) {
                for (int i = 0; i < rowCount; i++) {
                    if (!nulls || Bits.isSet(validity, i)) {
                        values[i] = Math.multiplyExact(Math.floorDiv(values[i], fromPerDay), toPerDay);
                    }
                }
            } else if (toPerDay % fromPerDay == 0 && !(to instanceof ArrowType.Date)) {
                long factor = toPerDay / fromPerDay;
                for (int i = 0; i < rowCount; i++) {
                    if (!nulls || Bits.isSet(validity, i)) {
                        values[i] = Math.multiplyExact(values[i], factor);
                    }
                }
            } else {
                for (int i = 0; i < rowCount; i++) {
                    if (!nulls || Bits.isSet(validity, i)) {
                        values[i] = Casts.temporal(values[i], from, to, expression);
                    }
                }
            }
        } catch (ArithmeticException e) {
            throw Errors.overflow(expression, to);
        }
        Numbers.writeLongs(values, result, rowCount);
    }

    private FieldVector toStrings(FieldVector source, int rowCount, BufferAllocator allocator) {
        ArrowType from = input.type();
        Utf8Builder builder = new Utf8Builder(rowCount, (int) Math.min(rowCount * 8L, 1 << 30));
        for (int i = 0; i < rowCount; i++) {
            Object value = Scalars.read(source, i);
            if (value == null) {
                builder.appendNull();
            } else {
                builder.append((byte[]) Casts.convert(value, from, type(), expression));
            }
        }
        return builder.build(field(), allocator);
    }
}
