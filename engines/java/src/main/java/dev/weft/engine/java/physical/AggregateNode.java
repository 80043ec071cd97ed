package dev.weft.engine.java.physical;

import dev.weft.api.expr.AggregateCall;
import dev.weft.api.expr.Alias;
import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.Expression;
import dev.weft.api.expr.ExpressionTyper;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.api.plan.EdgeProperties;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.types.DataTypes;
import dev.weft.channels.RowEncoder;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.engine.java.exec.KeyPartitioner;
import dev.weft.engine.java.exec.SpillableBatchBuffer;
import dev.weft.kernels.ops.AggregateSpec;
import dev.weft.kernels.ops.AggregationMode;
import dev.weft.kernels.ops.HashAggregator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Hash aggregation in two phases. With group keys: a PARTIAL aggregator per input partition, at the end of that
 * partition's pipeline; its states are hash-repartitioned by key into P partitions, each merged by a FINAL
 * aggregator when the output partition is executed (the states wait in buffers that spill beyond the buffer budget).
 * Without keys: the partial states meet in one FINAL. With a DISTINCT aggregate: the raw rows are repartitioned by
 * key instead, and aggregated once (SINGLE). Distinct is an aggregation on all columns without aggregates; a
 * windowed aggregation on bounded data groups by the window columns first.
 */
public final class AggregateNode extends PhysicalNode {
    /** Distinct values a partition counts on Java objects before it hands them on as state batches. */
    private static final int MAX_OBJECT_GROUPS = 1 << 18;

    private final PhysicalNode input;
    private final WindowAssigner windows;
    private final KeyColumns columns;
    private final int[] keyColumns;
    private final List<AggregateSpec> specs;
    private final boolean rawRepartition;
    private final int[] stateKeys;
    /** Set when the input is a lambda chain producing scalars counted per value: partial counts on Java objects. */
    private final LambdaChainNode objectCountInput;
    private final Schema countStateSchema;
    /**
     * [input partition][output partition]: partial states (or raw rows) waiting for their output partition, spilled
     * beyond the buffer budget.
     */
    private List<List<SpillableBatchBuffer>> pending;

    private AggregateNode(ExecutionContext context, LogicalOperator operator, Schema output, PhysicalNode input,
                          WindowAssigner windows, List<Expression> keys, List<Expression> aggregates) {
        super(context, operator, output, keys.isEmpty() ? 1 : context.parallelism(), List.of(input));
        this.input = input;
        this.windows = windows;
        Schema source = windows == null ? input.schema() : windows.outputSchema();
        try {
            List<Expression> evaluated = new ArrayList<>(keys);
            List<AggregateCall> calls = new ArrayList<>();
            for (Expression aggregate : aggregates) {
                AggregateCall call = (AggregateCall) (aggregate instanceof Alias alias ? alias.input() : aggregate);
                calls.add(call);
                call.argument().ifPresent(evaluated::add);
            }
            this.columns = KeyColumns.of(evaluated, source);
            int[] indices = columns.indices();
            this.keyColumns = Arrays.copyOf(indices, keys.size());
            List<AggregateSpec> aggregateSpecs = new ArrayList<>();
            int argument = keys.size();
            for (int i = 0; i < calls.size(); i++) {
                AggregateCall call = calls.get(i);
                int column = call.argument().isPresent() ? indices[argument++] : -1;
                Field field = ExpressionTyper.resolve(aggregates.get(i), source);
                aggregateSpecs.add(new AggregateSpec(call.function(), column, call.distinct(), field));
            }
            this.specs = List.copyOf(aggregateSpecs);
            this.rawRepartition = calls.stream().anyMatch(AggregateCall::distinct);
            this.stateKeys = rawRepartition ? keyColumns : range(keys.size());
            this.countStateSchema = objectCountable(input, windows, keys, calls)
                    ? HashAggregator.intermediateSchema(columns.extendedSchema(), keyColumns, specs) : null;
            this.objectCountInput = countStateSchema != null && countsOnly(countStateSchema, calls.size()) ? (LambdaChainNode) input : null;
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
    }

    public static AggregateNode of(ExecutionContext context, AggregateOperator operator, PhysicalNode input) {
        WindowAssigner windows = null;
        List<Expression> keys = new ArrayList<>();
        if (operator.window().isPresent()) {
            EdgeProperties edge = operator.input().output();
            String column = edge.eventTime().map(EdgeProperties.EventTime::column).orElseThrow(() -> new IllegalStateException(
                    "%s: a windowed aggregation needs event time".formatted(operator.info().describe())));
            windows = new WindowAssigner(operator, operator.window().get(), input.schema(), column);
            keys.add(new ColumnRef(WindowAssigner.WINDOW_START.getName()));
            keys.add(new ColumnRef(WindowAssigner.WINDOW_END.getName()));
        }
        keys.addAll(operator.groupKeys());
        return new AggregateNode(context, operator, operator.schema(), input, windows, keys, operator.aggregates());
    }

    /** An aggregation the planner adds (no logical operator of its own): keys, then the aggregates, in its schema. */
    static AggregateNode internal(ExecutionContext context, PhysicalNode input, List<Expression> keys, List<Expression> aggregates) {
        List<Field> fields = new ArrayList<>();
        for (Expression expression : keys) {
            fields.add(ExpressionTyper.resolve(expression, input.schema()));
        }
        for (Expression expression : aggregates) {
            fields.add(ExpressionTyper.resolve(expression, input.schema()));
        }
        return new AggregateNode(context, null, new Schema(fields), input, null, keys, aggregates);
    }

    /** DISTINCT: every column is a key, no aggregates. */
    public static AggregateNode distinct(ExecutionContext context, LogicalOperator operator, PhysicalNode input) {
        List<Expression> keys = input.schema().getFields().stream().map(f -> (Expression) new ColumnRef(f.getName())).toList();
        return new AggregateNode(context, operator, input.schema(), input, null, keys, List.of());
    }

    public static AggregateNode of(ExecutionContext context, DistinctOperator operator, PhysicalNode input) {
        return distinct(context, operator, input);
    }

    /**
     * Whether the partial aggregation can run on the Java objects a lambda chain produces: grouped by the scalar
     * value itself, counting rows (word count, or distinct on a mapped value). Java equality may split a group that
     * the Arrow encoding joins (byte[], decimals of other scales): the FINAL phase merges those.
     */
    private static boolean objectCountable(PhysicalNode input, WindowAssigner windows, List<Expression> keys, List<AggregateCall> calls) {
        return input instanceof LambdaChainNode chain
                && chain.outputType().isScalar()
                && windows == null
                && keys.size() == 1
                && keys.get(0) instanceof ColumnRef ref
                && ref.column().equals(chain.schema().getFields().get(0).getName())
                && calls.stream().allMatch(c -> c.function() == AggregateCall.Function.COUNT && c.argument().isEmpty() && !c.distinct());
    }

    private static boolean countsOnly(Schema states, int counts) {
        List<Field> fields = states.getFields();
        if (fields.size() != 1 + counts) {
            return false;
        }
        for (int i = 1; i < fields.size(); i++) {
            if (!fields.get(i).getType().equals(DataTypes.INT64)) {
                return false;
            }
        }
        return true;
    }

    private static int[] range(int count) {
        int[] range = new int[count];
        for (int i = 0; i < count; i++) {
            range[i] = i;
        }
        return range;
    }

    @Override
    public void prepare() {
        int inputs = input.partitionCount();
        pending = new ArrayList<>(inputs);
        for (int p = 0; p < inputs; p++) {
            List<SpillableBatchBuffer> row = new ArrayList<>(partitionCount());
            for (int b = 0; b < partitionCount(); b++) {
                row.add(context.newBuffer());
            }
            pending.add(row);
        }
        context.runTasks(inputs, partition -> {
            List<SpillableBatchBuffer> targets = pending.get(partition);
            if (objectCountInput != null) {
                countObjects(partition);
            } else if (rawRepartition) {
                input.execute(partition, new RepartitionSink(targets));
            } else {
                try (HashAggregator partial = aggregator(AggregationMode.PARTIAL)) {
                    input.execute(partition, new PartialSink(partial, targets));
                }
            }
            for (SpillableBatchBuffer target : targets) {
                target.finishWriting();
            }
        });
    }

    /** An aggregator over the evaluated input (FINAL, too, is described by the raw input; it adds state batches). */
    private HashAggregator aggregator(AggregationMode mode) {
        return new HashAggregator(columns.extendedSchema(), keyColumns, specs, mode, context.allocator(), context.memoryBudget(),
                context.spillDirectory(), context.batchSize());
    }

    /** Partial counts per distinct value in a Java hash map, flushed as state batches when it grows large. */
    private void countObjects(int partition) {
        List<SpillableBatchBuffer> targets = pending.get(partition);
        Map<Object, long[]> counts = new HashMap<>();
        objectCountInput.executeElements(partition, element -> {
            long[] count = counts.get(element);
            if (count == null) {
                if (counts.size() >= MAX_OBJECT_GROUPS) {
                    emitCounts(counts, targets);
                    counts.clear();
                }
                count = new long[1];
                counts.put(element, count);
            }
            count[0]++;
        }, () -> emitCounts(counts, targets));
    }

    private void emitCounts(Map<Object, long[]> counts, List<SpillableBatchBuffer> targets) {
        long start = System.nanoTime();
        List<Field> fields = countStateSchema.getFields();
        List<Field> countFields = fields.subList(1, fields.size());
        Iterator<Map.Entry<Object, long[]>> entries = counts.entrySet().iterator();
        int chunk = Math.max(context.batchSize(), 1024);
        while (entries.hasNext()) {
            context.checkCancelled();
            List<long[]> values = new ArrayList<>(chunk);
            VectorSchemaRoot keys;
            try (RowEncoder<Object> encoder = RowEncoder.create(objectCountInput.outputType(), context.allocator())) {
                while (entries.hasNext() && values.size() < chunk) {
                    Map.Entry<Object, long[]> entry = entries.next();
                    encoder.append(entry.getKey());
                    values.add(entry.getValue());
                }
                keys = encoder.finish();
            }
            List<FieldVector> vectors = new ArrayList<>();
            VectorSchemaRoot countColumns;
            try {
                for (Field field : countFields) {
                    BigIntVector vector = (BigIntVector) field.createVector(context.allocator());
                    vectors.add(vector);
                    vector.allocateNew(values.size());
                    for (int i = 0; i < values.size(); i++) {
                        vector.set(i, values.get(i)[0]);
                    }
                    vector.setValueCount(values.size());
                }
                countColumns = new VectorSchemaRoot(countFields, vectors, values.size());
            } catch (RuntimeException e) {
                keys.close();
                BatchShapes.closeAll(vectors);
                throw e;
            }
            spread(BatchShapes.concatColumns(keys, countColumns, countStateSchema, context.allocator()), stateKeys, targets);
        }
        metrics.addNanos(System.nanoTime() - start);
    }

    /** The input batch windowed and with its computed key and argument columns; takes ownership. */
    private VectorSchemaRoot evaluate(VectorSchemaRoot batch) {
        VectorSchemaRoot windowed = windows == null ? batch : windows.assign(batch, context.allocator());
        return columns.extend(windowed, context.allocator());
    }

    /** Spreads rows into the output partitions by key; takes ownership of {@code batch}. */
    private void spread(VectorSchemaRoot batch, int[] keys, List<SpillableBatchBuffer> targets) {
        if (batch.getRowCount() == 0) {
            batch.close();
            return;
        }
        if (targets.size() == 1) {
            targets.get(0).append(batch);
            return;
        }
        VectorSchemaRoot[] pieces;
        try (batch) {
            pieces = KeyPartitioner.split(batch, keys, targets.size(), context.allocator());
        }
        int next = 0;
        try {
            while (next < pieces.length) {
                VectorSchemaRoot piece = pieces[next++];
                if (piece != null) {
                    targets.get(next - 1).append(piece);
                }
            }
        } finally {
            BatchShapes.closeAll(Arrays.asList(pieces).subList(next, pieces.length));
        }
    }

    private final class PartialSink implements BatchSink {
        private final HashAggregator partial;
        private final List<SpillableBatchBuffer> targets;

        PartialSink(HashAggregator partial, List<SpillableBatchBuffer> targets) {
            this.partial = partial;
            this.targets = targets;
        }

        @Override
        public boolean accept(VectorSchemaRoot batch) {
            long start = System.nanoTime();
            try (VectorSchemaRoot evaluated = evaluate(batch)) {
                partial.add(evaluated);
            } catch (RuntimeException e) {
                throw Failures.withOperator(e, describe());
            }
            metrics.addNanos(System.nanoTime() - start);
            return true;
        }

        @Override
        public void finish() {
            long start = System.nanoTime();
            DrainingConsumer drain = new DrainingConsumer(states -> {
                spread(states, stateKeys, targets);
                return true;
            });
            try {
                partial.finish(drain);
            } catch (RuntimeException e) {
                throw Failures.withOperator(e, describe());
            }
            drain.rethrow();
            metrics.addNanos(System.nanoTime() - start);
        }
    }

    private final class RepartitionSink implements BatchSink {
        private final List<SpillableBatchBuffer> targets;

        RepartitionSink(List<SpillableBatchBuffer> targets) {
            this.targets = targets;
        }

        @Override
        public boolean accept(VectorSchemaRoot batch) {
            long start = System.nanoTime();
            VectorSchemaRoot evaluated;
            try {
                evaluated = evaluate(batch);
            } catch (RuntimeException e) {
                throw Failures.withOperator(e, describe());
            }
            spread(evaluated, keyColumns, targets);
            metrics.addNanos(System.nanoTime() - start);
            return true;
        }

        @Override
        public void finish() {}
    }

    @Override
    public void execute(int partition, BatchSink out) {
        AggregationMode mode = rawRepartition ? AggregationMode.SINGLE : AggregationMode.FINAL;
        try (HashAggregator merge = aggregator(mode)) {
            for (List<SpillableBatchBuffer> row : pending) {
                context.checkCancelled();
                long start = System.nanoTime();
                try {
                    row.get(partition).forEach(SpillableBatchBuffer.ReadMode.TAKE, batch -> {
                        try (batch) {
                            merge.add(batch);
                        }
                        return true;
                    });
                } catch (RuntimeException e) {
                    throw Failures.withOperator(e, describe());
                }
                metrics.addNanos(System.nanoTime() - start);
            }
            long start = System.nanoTime();
            DrainingConsumer drain = new DrainingConsumer(batch -> {
                VectorSchemaRoot result = BatchShapes.conform(batch, schema(), context.allocator());
                recordOutput(result);
                return out.accept(result);
            });
            try {
                merge.finish(drain);
            } catch (RuntimeException e) {
                throw Failures.withOperator(e, describe());
            }
            metrics.addNanos(System.nanoTime() - start);
            drain.rethrow();
        }
        out.finish();
    }

    @Override
    public void close() {
        if (pending == null) {
            return;
        }
        RuntimeException failure = null;
        for (List<SpillableBatchBuffer> row : pending) {
            try {
                BatchShapes.closeAll(row);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
