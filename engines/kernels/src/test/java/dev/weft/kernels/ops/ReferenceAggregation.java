package dev.weft.kernels.ops;

import dev.weft.api.expr.AggregateCall;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/** A slow, obviously correct GROUP BY over Java rows (see {@link TestData}), for comparing with the kernels. */
final class ReferenceAggregation {
    private ReferenceAggregation() {}

    static List<List<Object>> aggregate(Schema schema, List<List<Object>> rows, int[] keys, List<AggregateSpec> specs) {
        Map<List<Object>, List<List<Object>>> groups = new LinkedHashMap<>();
        for (List<Object> row : rows) {
            List<Object> key = new ArrayList<>();
            for (int k : keys) {
                key.add(row.get(k));
            }
            groups.computeIfAbsent(key, ignored -> new ArrayList<>()).add(row);
        }
        if (keys.length == 0 && groups.isEmpty()) {
            groups.put(List.of(), List.of());
        }
        List<List<Object>> result = new ArrayList<>();
        for (Map.Entry<List<Object>, List<List<Object>>> group : groups.entrySet()) {
            List<Object> out = new ArrayList<>(group.getKey());
            for (AggregateSpec spec : specs) {
                out.add(compute(schema, spec, group.getValue()));
            }
            result.add(out);
        }
        return result;
    }

    private static Object compute(Schema schema, AggregateSpec spec, List<List<Object>> rows) {
        if (spec.argumentColumn() < 0) {
            return (long) rows.size();
        }
        ArrowType type = schema.getFields().get(spec.argumentColumn()).getType();
        List<Object> values = new ArrayList<>();
        for (List<Object> row : rows) {
            Object value = row.get(spec.argumentColumn());
            if (value != null) {
                values.add(value);
            }
        }
        if (spec.distinct()) {
            Set<Object> distinct = new LinkedHashSet<>(values);
            values = new ArrayList<>(distinct);
        }
        if (spec.function() == AggregateCall.Function.COUNT) {
            return (long) values.size();
        }
        if (values.isEmpty()) {
            return null;
        }
        return switch (spec.function()) {
            case SUM -> sum(type, values);
            case AVG -> avg(type, values);
            case MIN -> extreme(values, false);
            case MAX -> extreme(values, true);
            case COUNT -> throw new IllegalStateException();
        };
    }

    private static Object sum(ArrowType type, List<Object> values) {
        if (type instanceof ArrowType.Int) {
            long sum = 0;
            for (Object value : values) {
                sum = Math.addExact(sum, ((Number) value).longValue());
            }
            return sum;
        }
        if (type instanceof ArrowType.FloatingPoint) {
            double sum = 0;
            for (Object value : values) {
                sum += ((Number) value).doubleValue();
            }
            return sum;
        }
        BigDecimal sum = BigDecimal.ZERO.setScale(((ArrowType.Decimal) type).getScale());
        for (Object value : values) {
            sum = sum.add((BigDecimal) value);
        }
        return sum;
    }

    private static Object avg(ArrowType type, List<Object> values) {
        if (type instanceof ArrowType.Decimal decimal) {
            BigDecimal sum = (BigDecimal) sum(type, values);
            return sum.divide(BigDecimal.valueOf(values.size()), Math.max(6, decimal.getScale()), RoundingMode.HALF_UP);
        }
        double sum = 0;
        for (Object value : values) {
            sum += ((Number) value).doubleValue();
        }
        return sum / values.size();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object extreme(List<Object> values, boolean max) {
        Object best = null;
        for (Object value : values) {
            if (best == null) {
                best = value;
            } else {
                int c = ((Comparable) value).compareTo(best);
                if (max ? c > 0 : c < 0) {
                    best = value;
                }
            }
        }
        return Objects.requireNonNull(best);
    }
}
