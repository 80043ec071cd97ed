package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.expr.AggregateCall;
import dev.weft.api.expr.Alias;
import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.Expression;
import dev.weft.api.expr.ExpressionTyper;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.kernels.memory.MemoryBudget;
import dev.weft.kernels.ops.AggregateSpec;
import dev.weft.kernels.ops.AggregationMode;
import dev.weft.kernels.ops.HashAggregator;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Aggregation (and distinct) over rows in two phases, with the kernels' HashAggregator, as the Java engine's
 * AggregateNode: {@link #partial} per input partition turns raw rows into partial rows (keys, then aggregate states;
 * with a DISTINCT aggregate: keys and arguments, unaggregated), partial rows are shuffled by {@link #key}, and
 * {@link #finish} merges all partial rows of a set of keys into result rows (operator schema). A global aggregation
 * (no keys) gives exactly one row even on empty input: call {@link #finish} once with every partial row, possibly none.
 * Windowed aggregations are not supported here (UNSUPPORTED_OPERATION). Serializable; an instance is used by one
 * thread at a time. The aggregators reserve from a budget of {@value #BUDGET_BYTES} bytes each and spill to
 * {@code java.io.tmpdir} beyond it.
 */
public final class RowAggregation implements Serializable {
    private static final long serialVersionUID = 1L;
    static final long BUDGET_BYTES = 256L << 20;

    private final String operator;
    private final RowExpressions evaluated;   // keys, then the arguments of the aggregates
    private final int keyCount;
    private final byte[] specs;                // SerialForm of ArrayList<AggregateSpec>
    private final boolean rawRepartition;
    private final String partialJson;
    private final String outputJson;
    private transient List<AggregateSpec> specList;

    private RowAggregation(String operator, RowExpressions evaluated, int keyCount, byte[] specs, boolean rawRepartition,
                           String partialJson, String outputJson) {
        this.operator = operator;
        this.evaluated = evaluated;
        this.keyCount = keyCount;
        this.specs = specs;
        this.rawRepartition = rawRepartition;
        this.partialJson = partialJson;
        this.outputJson = outputJson;
    }

    public static RowAggregation of(AggregateOperator aggregate) {
        requireNonNull(aggregate, "aggregate is null");
        String describe = aggregate.info().describe();
        if (aggregate.window().isPresent()) {
            throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION,
                    "%s: windowed aggregation is not supported on rows; run it on an engine with windows".formatted(describe));
        }
        return create(describe, aggregate.groupKeys(), aggregate.aggregates(), aggregate.input().schema(), aggregate.schema());
    }

    /** DISTINCT: all columns are keys, no aggregates. */
    public static RowAggregation of(DistinctOperator distinct) {
        requireNonNull(distinct, "distinct is null");
        Schema input = distinct.input().schema();
        List<Expression> keys = input.getFields().stream().map(f -> (Expression) new ColumnRef(f.getName())).toList();
        return create(distinct.info().describe(), keys, List.of(), input, distinct.schema());
    }

    private static RowAggregation create(String describe, List<Expression> keys, List<Expression> aggregates, Schema input,
                                         Schema output) {
        try {
            List<Expression> evaluatedExpressions = new ArrayList<>(keys);
            List<AggregateCall> calls = new ArrayList<>();
            for (Expression aggregate : aggregates) {
                AggregateCall call = (AggregateCall) (aggregate instanceof Alias alias ? alias.input() : aggregate);
                calls.add(call);
                call.argument().ifPresent(evaluatedExpressions::add);
            }
            List<AggregateSpec> specs = new ArrayList<>();
            int argument = keys.size();
            for (int i = 0; i < calls.size(); i++) {
                AggregateCall call = calls.get(i);
                int column = call.argument().isPresent() ? argument++ : -1;
                specs.add(new AggregateSpec(call.function(), column, call.distinct(), ExpressionTyper.resolve(aggregates.get(i), input)));
            }
            RowExpressions evaluated = RowExpressions.of(describe, evaluatedExpressions, input);
            boolean raw = calls.stream().anyMatch(AggregateCall::distinct);
            Schema evaluatedSchema = renamed(evaluated.outputSchema());
            int[] keyColumns = range(keys.size());
            Schema partial = raw ? evaluatedSchema : HashAggregator.intermediateSchema(evaluatedSchema, keyColumns, specs);
            return new RowAggregation(describe, evaluated, keys.size(), SerialForm.encode(specs, describe), raw,
                    SerialForm.schemaJson(partial), SerialForm.schemaJson(output));
        } catch (RuntimeException e) {
            throw RowErrors.withOperator(e, describe);
        }
    }

    /** The evaluated columns as $c0, $c1, ... (a key and an argument may be the same column). */
    private static Schema renamed(Schema schema) {
        List<Field> fields = new ArrayList<>();
        List<Field> source = schema.getFields();
        for (int i = 0; i < source.size(); i++) {
            Field field = source.get(i);
            fields.add(new Field("$c" + i, field.getFieldType(), field.getChildren()));
        }
        return new Schema(fields);
    }

    private static int[] range(int count) {
        int[] range = new int[count];
        for (int i = 0; i < count; i++) {
            range[i] = i;
        }
        return range;
    }

    /** No group keys: one output row, computed by one {@link #finish} call over all partial rows. */
    public boolean isGlobal() {
        return keyCount == 0;
    }

    /** Number of key columns at the front of partial rows. */
    public int keyCount() {
        return keyCount;
    }

    /** The schema of partial rows: keys, then states (or arguments with a DISTINCT aggregate). */
    public Schema partialSchema() {
        return SerialForm.schema(partialJson);
    }

    /** The schema of result rows (the operator's). */
    public Schema outputSchema() {
        return SerialForm.schema(outputJson);
    }

    @SuppressWarnings("unchecked")
    private List<AggregateSpec> specs() {
        if (specList == null) {
            specList = SerialForm.decode(specs, List.class);
        }
        return specList;
    }

    private HashAggregator aggregator(AggregationMode mode, BufferAllocator allocator) {
        return new HashAggregator(renamed(evaluated.outputSchema()), range(keyCount), specs(), mode, allocator,
                new MemoryBudget(BUDGET_BYTES), Path.of(System.getProperty("java.io.tmpdir")), RowBatches.DEFAULT_BATCH_SIZE);
    }

    public Iterator<Object[]> partial(Iterator<Object[]> rows) {
        return partial(rows, RowMemory.allocator());
    }

    /** Partial rows of one input partition; consumes all input rows on the first {@code hasNext()}. */
    public Iterator<Object[]> partial(Iterator<Object[]> rows, BufferAllocator allocator) {
        requireNonNull(rows, "rows is null");
        if (rawRepartition) {
            return new Chunks(rows, RowBatches.DEFAULT_BATCH_SIZE, chunk -> evaluated.evaluate(chunk, allocator));
        }
        return new Lazy(() -> aggregate(AggregationMode.PARTIAL, renamed(evaluated.outputSchema()),
                new Chunks(rows, RowBatches.DEFAULT_BATCH_SIZE, chunk -> evaluated.evaluate(chunk, allocator)), allocator));
    }

    /** The key of a partial row, to shuffle partial rows of one key to one {@link #finish} call. */
    public RowKey key(Object[] partial) {
        return RowKey.of(Arrays.copyOf(partial, keyCount));
    }

    public Iterator<Object[]> finish(Iterator<Object[]> partials) {
        return finish(partials, RowMemory.allocator());
    }

    /** Result rows for the keys of the given partial rows (all partial rows of each key must be in one call). */
    public Iterator<Object[]> finish(Iterator<Object[]> partials, BufferAllocator allocator) {
        requireNonNull(partials, "partials is null");
        AggregationMode mode = rawRepartition ? AggregationMode.SINGLE : AggregationMode.FINAL;
        return new Lazy(() -> aggregate(mode, partialSchema(), partials, allocator));
    }

    private List<Object[]> aggregate(AggregationMode mode, Schema inputSchema, Iterator<Object[]> rows, BufferAllocator allocator) {
        List<Object[]> results = new ArrayList<>();
        try (HashAggregator aggregator = aggregator(mode, allocator)) {
            Iterator<VectorSchemaRoot> batches = RowBatches.batches(rows, inputSchema, RowBatches.DEFAULT_BATCH_SIZE, allocator);
            while (batches.hasNext()) {
                try (VectorSchemaRoot batch = batches.next()) {
                    aggregator.add(batch);
                }
            }
            aggregator.finish(batch -> {
                try (batch) {
                    results.addAll(RowBatches.rows(batch));
                }
            });
        } catch (RuntimeException e) {
            throw RowErrors.withOperator(e, operator);
        }
        return results;
    }

    /** An iterator over a list computed on the first call. */
    private static final class Lazy implements Iterator<Object[]> {
        private final java.util.function.Supplier<List<Object[]>> supplier;
        private Iterator<Object[]> rows;

        Lazy(java.util.function.Supplier<List<Object[]>> supplier) {
            this.supplier = supplier;
        }

        private Iterator<Object[]> rows() {
            if (rows == null) {
                rows = supplier.get().iterator();
            }
            return rows;
        }

        @Override
        public boolean hasNext() {
            return rows().hasNext();
        }

        @Override
        public Object[] next() {
            return rows().next();
        }
    }
}
