package dev.weft.engine.flink.translate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.expr.AggregateCall;
import dev.weft.api.expr.Alias;
import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.Expression;
import dev.weft.api.expr.ExpressionTyper;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.api.plan.EdgeProperties;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.types.ElementType;
import dev.weft.kernels.memory.MemoryBudget;
import dev.weft.kernels.ops.AggregateSpec;
import dev.weft.kernels.ops.AggregationMode;
import dev.weft.kernels.ops.HashAggregator;
import dev.weft.kernels.rows.RowKey;
import dev.weft.kernels.rows.RowProjection;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A grouped (or global) aggregation in two phases over rows, with one long-lived kernels {@link HashAggregator} per
 * subtask and phase: the partial phase evaluates the keys and arguments of each chunk of raw rows (a projection,
 * vectorized) and adds them to a PARTIAL aggregator; the final phase adds chunks of partial rows to a FINAL one (SINGLE,
 * after raw rows, when an aggregate is DISTINCT). Both hold their groups in Arrow memory charged to a
 * {@link MemoryBudget}; beyond it the kernels spill the groups to hash partitions on disk and merge them at the end, so
 * neither the input nor the groups need to fit the heap. The same answers as {@code RowAggregation} (the same kernels,
 * the same evaluated columns {@code $c0, $c1 ...}: keys, then arguments).
 *
 * <p>Serializable (expressions inside the projection, schemas as JSON); {@link #open} gives a per-subtask
 * {@link RowAggregator}.
 */
final class SpillingAggregation implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String operator;
    private final RowProjection evaluate;
    private final int keyCount;
    private final String evaluatedJson;
    private final String specOutputsJson;
    private final AggregateCall.Function[] functions;
    private final int[] argumentColumns;
    private final boolean[] distinct;
    private final boolean raw;
    private transient Schema evaluated;
    private transient List<AggregateSpec> specs;

    private SpillingAggregation(String operator, RowProjection evaluate, int keyCount, String evaluatedJson, String specOutputsJson,
                                AggregateCall.Function[] functions, int[] argumentColumns, boolean[] distinct, boolean raw) {
        this.operator = operator;
        this.evaluate = evaluate;
        this.keyCount = keyCount;
        this.evaluatedJson = evaluatedJson;
        this.specOutputsJson = specOutputsJson;
        this.functions = functions;
        this.argumentColumns = argumentColumns;
        this.distinct = distinct;
        this.raw = raw;
    }

    /** The aggregation of a (non-windowed, or already windowed-column) aggregate operator. */
    static SpillingAggregation of(AggregateOperator aggregate) {
        requireNonNull(aggregate, "aggregate is null");
        Schema input = aggregate.input().schema();
        List<Expression> evaluatedExpressions = new ArrayList<>(aggregate.groupKeys());
        List<AggregateCall> calls = new ArrayList<>();
        for (Expression expression : aggregate.aggregates()) {
            AggregateCall call = (AggregateCall) (expression instanceof Alias alias ? alias.input() : expression);
            calls.add(call);
            call.argument().ifPresent(evaluatedExpressions::add);
        }
        List<Expression> projected = new ArrayList<>();
        for (int i = 0; i < evaluatedExpressions.size(); i++) {
            Expression expression = evaluatedExpressions.get(i);
            projected.add(new Alias(expression instanceof Alias alias ? alias.input() : expression, "$c" + i));
        }
        List<Field> evaluatedFields = new ArrayList<>();
        for (Expression expression : projected) {
            evaluatedFields.add(ExpressionTyper.resolve(expression, input));
        }
        Schema evaluated = new Schema(evaluatedFields);
        ProjectOperator projection = new ProjectOperator(aggregate.info(), EdgeProperties.bounded(ElementType.row(evaluated)),
                aggregate.input(), projected);
        int count = calls.size();
        AggregateCall.Function[] functions = new AggregateCall.Function[count];
        int[] arguments = new int[count];
        boolean[] distinct = new boolean[count];
        List<Field> outputs = new ArrayList<>();
        int argument = aggregate.groupKeys().size();
        boolean raw = false;
        for (int i = 0; i < count; i++) {
            AggregateCall call = calls.get(i);
            functions[i] = call.function();
            arguments[i] = call.argument().isPresent() ? argument++ : -1;
            distinct[i] = call.distinct();
            raw |= call.distinct();
            outputs.add(ExpressionTyper.resolve(aggregate.aggregates().get(i), input));
        }
        SpillingAggregation result = new SpillingAggregation(aggregate.info().describe(), RowProjection.of(projection),
                aggregate.groupKeys().size(), evaluated.toJson(), new Schema(outputs).toJson(), functions, arguments, distinct, raw);
        result.partialSchema(); // the kernels check the aggregates here, in the host, rather than in a task
        return result;
    }

    /**
     * DISTINCT as a grouped aggregation on every column without aggregates, or empty when a column's type cannot be a
     * hash key of the kernels (lists, structs ...).
     */
    static Optional<SpillingAggregation> of(DistinctOperator distinct) {
        requireNonNull(distinct, "distinct is null");
        List<Expression> columns = distinct.input().schema().getFields().stream().map(f -> (Expression) new ColumnRef(f.getName())).toList();
        AggregateOperator aggregate = new AggregateOperator(distinct.info(), distinct.output(), distinct.input(), columns, List.of(), Optional.empty());
        try {
            return Optional.of(of(aggregate));
        } catch (WeftException e) {
            if (e.errorCode() == ErrorCode.UNSUPPORTED_TYPE) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** No group keys: one output row, from one final subtask that sees every partial row. */
    boolean isGlobal() {
        return keyCount == 0;
    }

    /** With a DISTINCT aggregate the partial phase only evaluates: raw evaluated rows are shuffled, then aggregated once. */
    boolean isRaw() {
        return raw;
    }

    /** The key of a partial row (its first columns), to shuffle all partial rows of a key to one final subtask. */
    RowKey key(Object[] partial) {
        return RowKey.of(Arrays.copyOf(partial, keyCount));
    }

    /** The keys and arguments of raw rows ({@code $c0, $c1 ...}), one output row per input row, in order. */
    Iterator<Object[]> evaluate(Iterator<Object[]> rows, BufferAllocator allocator) {
        return evaluate.apply(rows, allocator);
    }

    /** The aggregator of one subtask: PARTIAL (raw evaluated rows in), or FINAL / SINGLE (partial rows in). */
    RowAggregator open(boolean partial, BufferAllocator allocator, MemoryBudget budget, Path spillDirectory, int batchSize) {
        AggregationMode mode = partial ? AggregationMode.PARTIAL : raw ? AggregationMode.SINGLE : AggregationMode.FINAL;
        Schema input = partial || raw ? evaluated() : partialSchema();
        try {
            HashAggregator aggregator = new HashAggregator(evaluated(), keyColumns(), specs(), mode, allocator, budget, spillDirectory, batchSize);
            return new RowAggregator(operator, aggregator, input, allocator);
        } catch (RuntimeException e) {
            throw withOperator(e);
        }
    }

    /** The schema of partial rows: keys then aggregate states (keys then arguments with a DISTINCT aggregate). */
    Schema partialSchema() {
        return raw ? evaluated() : HashAggregator.intermediateSchema(evaluated(), keyColumns(), specs());
    }

    private int[] keyColumns() {
        int[] keys = new int[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = i;
        }
        return keys;
    }

    private Schema evaluated() {
        if (evaluated == null) {
            evaluated = schema(evaluatedJson);
        }
        return evaluated;
    }

    private List<AggregateSpec> specs() {
        if (specs == null) {
            List<Field> outputs = schema(specOutputsJson).getFields();
            List<AggregateSpec> list = new ArrayList<>();
            for (int i = 0; i < functions.length; i++) {
                list.add(new AggregateSpec(functions[i], argumentColumns[i], distinct[i], outputs.get(i)));
            }
            specs = List.copyOf(list);
        }
        return specs;
    }

    private static Schema schema(String json) {
        try {
            return Schema.fromJSON(json);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read back a schema: %s".formatted(e), e);
        }
    }

    RuntimeException withOperator(RuntimeException e) {
        if (e instanceof WeftException weft && weft.getMessage() != null && weft.getMessage().contains(operator)) {
            return e;
        }
        WeftErrorCode code = e instanceof WeftException weft ? weft.errorCode() : ErrorCode.GENERIC_INTERNAL_ERROR;
        return new WeftException(code, "%s: %s".formatted(operator, e.getMessage()), e);
    }
}
