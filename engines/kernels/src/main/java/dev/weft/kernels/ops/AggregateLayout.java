package dev.weft.kernels.ops;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The schemas and aggregates of a hash aggregation, checked once. */
final class AggregateLayout {
    final Schema input;
    final int[] keyColumns;
    final List<Field> keyFields;
    final List<ValueKind> keyKinds;
    final List<AggregateFunctions.Resolved> aggregates;
    /** Keys, then every aggregate's state columns (distinct aggregates: their value column; used only for spill). */
    final Schema stateSchema;
    /** Keys, then the aggregate outputs. */
    final Schema resultSchema;
    final boolean hasDistinct;

    AggregateLayout(Schema input, int[] keyColumns, List<AggregateSpec> specs) {
        this.input = input;
        this.keyColumns = keyColumns.clone();
        List<Field> fields = input.getFields();
        List<Field> keys = new ArrayList<>();
        List<ValueKind> kinds = new ArrayList<>();
        for (int column : keyColumns) {
            checkColumn(column, fields, "key column");
            Field field = fields.get(column);
            keys.add(field);
            kinds.add(ValueKind.of(field.getType(), "group key '%s'".formatted(field.getName())));
        }
        this.keyFields = List.copyOf(keys);
        this.keyKinds = List.copyOf(kinds);
        List<AggregateFunctions.Resolved> resolved = new ArrayList<>();
        List<Field> state = new ArrayList<>(keys);
        List<Field> result = new ArrayList<>(keys);
        boolean distinct = false;
        for (AggregateSpec spec : specs) {
            if (spec.argumentColumn() >= 0) {
                checkColumn(spec.argumentColumn(), fields, "argument column of " + AggregateFunctions.describe(spec));
            }
            AggregateFunctions.Resolved aggregate = AggregateFunctions.resolve(spec, input);
            resolved.add(aggregate);
            state.addAll(aggregate.stateFields());
            result.add(spec.output());
            distinct |= spec.distinct();
        }
        this.aggregates = List.copyOf(resolved);
        this.stateSchema = new Schema(state);
        this.resultSchema = new Schema(result);
        this.hasDistinct = distinct;
    }

    int keyCount() {
        return keyColumns.length;
    }

    private static void checkColumn(int column, List<Field> fields, String what) {
        if (column < 0 || column >= fields.size()) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "%s %d is outside the input's %d columns %s".formatted(what, column, fields.size(),
                            fields.stream().map(f -> f.getName() + " " + DataTypes.describe(f.getType())).toList()));
        }
    }
}
