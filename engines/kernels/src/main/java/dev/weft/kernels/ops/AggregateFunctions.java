package dev.weft.kernels.ops;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.expr.AggregateCall;
import dev.weft.api.types.DataTypes;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Resolves an {@link AggregateSpec} against its input schema: checks the output type and makes accumulators. */
final class AggregateFunctions {
    private AggregateFunctions() {}

    /** An aggregate ready to run: its state columns and a factory of empty accumulators. */
    record Resolved(AggregateSpec spec, List<Field> stateFields, ValueKind argumentKind) {
        Resolved {
            stateFields = List.copyOf(stateFields);
        }
    }

    static Resolved resolve(AggregateSpec spec, Schema input) {
        Field argument = spec.argumentColumn() < 0 ? null : input.getFields().get(spec.argumentColumn());
        ArrowType expected = expectedOutputType(spec, argument);
        if (!expected.equals(spec.output().getType())) {
            throw new WeftException(ErrorCode.TYPE_MISMATCH,
                    "%s of %s yields %s, but its output field '%s' is %s; type the aggregate with ExpressionTyper.resolve"
                            .formatted(describe(spec), argument == null ? "*" : DataTypes.describe(argument.getType()),
                                    DataTypes.describe(expected), spec.output().getName(),
                                    DataTypes.describe(spec.output().getType())));
        }
        ValueKind kind = argument == null ? null : ValueKind.of(argument.getType(), "the argument of " + describe(spec));
        try (Accumulator prototype = create(spec, argument, kind, null)) {
            return new Resolved(spec, prototype.stateFields(), kind);
        }
    }

    /** A new, empty accumulator. */
    static Accumulator create(Resolved resolved, Schema input, BufferAllocator allocator) {
        AggregateSpec spec = resolved.spec();
        Field argument = spec.argumentColumn() < 0 ? null : input.getFields().get(spec.argumentColumn());
        return create(spec, argument, resolved.argumentKind(), allocator);
    }

    private static Accumulator create(AggregateSpec spec, Field argument, ValueKind kind, BufferAllocator allocator) {
        String name = spec.output().getName();
        Accumulator plain = switch (spec.function()) {
            case COUNT -> new CountAccumulator(name);
            case SUM -> switch (kind) {
                case LONG -> new LongSumAccumulator(name);
                case DOUBLE -> new DoubleSumAccumulator(name);
                case DECIMAL -> new DecimalSumAccumulator(name, ((ArrowType.Decimal) argument.getType()).getScale());
                default -> throw new IllegalStateException("checked above: " + kind);
            };
            case AVG -> kind == ValueKind.DECIMAL
                    ? new DecimalAvgAccumulator(name, ((ArrowType.Decimal) argument.getType()).getScale())
                    : new DoubleAvgAccumulator(name, kind == ValueKind.LONG);
            case MIN, MAX -> minMax(name, argument, kind, spec.function() == AggregateCall.Function.MAX);
        };
        if (!spec.distinct()) {
            return plain;
        }
        Field valueField = DataTypes.field(name + "$distinct", argument.getType(), true);
        return new DistinctAccumulator(plain, kind, valueField, allocator);
    }

    private static Accumulator minMax(String name, Field argument, ValueKind kind, boolean max) {
        Field stateField = DataTypes.field(name + (max ? "$max" : "$min"), argument.getType(), true);
        return switch (kind) {
            case LONG, BOOLEAN -> new LongMinMaxAccumulator(stateField, max);
            case DOUBLE -> new DoubleMinMaxAccumulator(stateField, max);
            case DECIMAL -> new DecimalMinMaxAccumulator(stateField, max);
            case BYTES -> new BytesMinMaxAccumulator(stateField, max);
        };
    }

    private static ArrowType expectedOutputType(AggregateSpec spec, Field argument) {
        if (spec.function() == AggregateCall.Function.COUNT) {
            return DataTypes.INT64;
        }
        ArrowType type = argument.getType();
        return switch (spec.function()) {
            case MIN, MAX -> type;
            case SUM -> {
                requireNumeric(spec, type);
                yield DataTypes.isIntegral(type) ? DataTypes.INT64
                        : DataTypes.isFloatingPoint(type) ? DataTypes.FLOAT64
                        : DataTypes.decimal(DataTypes.MAX_DECIMAL_PRECISION, ((ArrowType.Decimal) type).getScale());
            }
            case AVG -> {
                requireNumeric(spec, type);
                yield type instanceof ArrowType.Decimal decimal
                        ? DataTypes.decimal(DataTypes.MAX_DECIMAL_PRECISION, Math.max(6, decimal.getScale()))
                        : DataTypes.FLOAT64;
            }
            case COUNT -> DataTypes.INT64;
        };
    }

    private static void requireNumeric(AggregateSpec spec, ArrowType type) {
        if (!DataTypes.isNumeric(type)) {
            throw new WeftException(ErrorCode.TYPE_MISMATCH,
                    "%s needs a number, got %s; cast the argument to a numeric type".formatted(describe(spec), DataTypes.describe(type)));
        }
    }

    static String describe(AggregateSpec spec) {
        return spec.function().name().toLowerCase(Locale.ROOT) + (spec.distinct() ? "(DISTINCT)" : "");
    }
}
