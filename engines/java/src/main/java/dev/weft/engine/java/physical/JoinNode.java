package dev.weft.engine.java.physical;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.expr.Cast;
import dev.weft.api.expr.Expression;
import dev.weft.api.expr.ExpressionTyper;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.JoinType;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.types.DataTypes;
import dev.weft.channels.Batches;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.kernels.ops.HashJoiner;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hash equi-join: the right input builds a hash table (in {@link #prepare}, all its partitions feeding one table),
 * then the left partitions probe it in parallel, streaming, as part of their consumers' pipelines. Key expressions
 * are evaluated with the kernels and cast to a common type when the sides differ (int against bigint). INNER and
 * LEFT output the left columns then the right ones the plan keeps (USING columns once); SEMI and ANTI the left.
 *
 * <p>The right input is first held in the stage's buffer share. When it outgrows the share, or its table does not fit
 * the memory budget, the join becomes a {@link GraceHashJoin}: both inputs are hash-split on the join keys into bucket
 * pairs that spill, joined pair by pair in {@link #prepare} into per-partition output buffers. Either way output
 * partition i holds the joined rows of left partition i; the row order within a partition follows the left input on
 * the in-memory path only.
 */
public final class JoinNode extends PhysicalNode {
    private static final Logger LOG = LoggerFactory.getLogger(JoinNode.class);

    private final PhysicalNode left;
    private final PhysicalNode right;
    private final JoinType joinType;
    private final KeyColumns probeKeys;
    private final KeyColumns buildKeys;
    private final int[] buildOutputColumns;
    private final Schema joinerOutput;
    private final int[] outputColumns;
    private HashJoiner joiner;
    private GraceHashJoin grace;

    public JoinNode(ExecutionContext context, LogicalOperator operator, Schema output, JoinType joinType,
                    List<Expression> leftKeys, List<Expression> rightKeys, PhysicalNode left, PhysicalNode right) {
        super(context, operator, output, left.partitionCount(), List.of(left, right));
        this.left = left;
        this.right = right;
        this.joinType = joinType;
        try {
            List<Expression> probe = new ArrayList<>();
            List<Expression> build = new ArrayList<>();
            for (int i = 0; i < leftKeys.size(); i++) {
                ArrowType leftType = ExpressionTyper.typeOf(leftKeys.get(i), left.schema());
                ArrowType rightType = ExpressionTyper.typeOf(rightKeys.get(i), right.schema());
                ArrowType common = commonType(leftType, rightType);
                probe.add(leftType.equals(common) ? leftKeys.get(i) : new Cast(leftKeys.get(i), common));
                build.add(rightType.equals(common) ? rightKeys.get(i) : new Cast(rightKeys.get(i), common));
            }
            this.probeKeys = KeyColumns.of(probe, left.schema());
            this.buildKeys = KeyColumns.of(build, right.schema());
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
        int leftColumns = left.schema().getFields().size();
        List<Field> outputFields = output.getFields();
        List<Field> joinerFields = new ArrayList<>(probeKeys.extendedSchema().getFields());
        boolean withRight = joinType == JoinType.INNER || joinType == JoinType.LEFT;
        int rightColumns = withRight ? outputFields.size() - leftColumns : 0;
        this.buildOutputColumns = new int[rightColumns];
        for (int i = 0; i < rightColumns; i++) {
            Field field = outputFields.get(leftColumns + i);
            buildOutputColumns[i] = indexOf(right.schema(), field.getName());
            joinerFields.add(field);
        }
        this.joinerOutput = new Schema(joinerFields);
        int probeColumns = probeKeys.extendedSchema().getFields().size();
        this.outputColumns = new int[leftColumns + rightColumns];
        for (int i = 0; i < leftColumns; i++) {
            outputColumns[i] = i;
        }
        for (int i = 0; i < rightColumns; i++) {
            outputColumns[leftColumns + i] = probeColumns + i;
        }
    }

    public static JoinNode of(ExecutionContext context, JoinOperator operator, PhysicalNode left, PhysicalNode right) {
        return new JoinNode(context, operator, operator.schema(), operator.joinType(), operator.leftKeys(), operator.rightKeys(),
                left, right);
    }

    private static ArrowType commonType(ArrowType left, ArrowType right) {
        if (left.equals(right)) {
            return left;
        }
        if (DataTypes.isTemporal(left) && DataTypes.isTemporal(right)) {
            return DataTypes.TIMESTAMP;
        }
        return DataTypes.commonNumericType(left, right).orElseThrow(() -> new WeftException(ErrorCode.TYPE_MISMATCH,
                "join keys of types %s and %s cannot be compared".formatted(DataTypes.describe(left), DataTypes.describe(right))));
    }

    private int indexOf(Schema schema, String name) {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s: output column '%s' is not a column of the right input %s"
                .formatted(describe(), name, schema));
    }

    @Override
    public void prepare() {
        try (JoinBuildSide buildSide = new JoinBuildSide(context, buildKeys.indices())) {
            drainInto(right, buildKeys, buildSide, batch -> buildSide.add(Batches.transfer(batch, context.allocator())));
            try {
                if (!buildSide.isSplit() && buildInMemory(buildSide.held())) {
                    return;
                }
                buildSide.split();
                grace = new GraceHashJoin(context, buildSide.takeBuckets(), buildKeys.indices(), probeKeys.indices(),
                        partitionCount(), this::newJoiner,
                        joined -> BatchShapes.select(joined, outputColumns, schema(), context.allocator()), describe());
            } catch (RuntimeException e) {
                throw Failures.withOperator(e, describe());
            }
        }
        LOG.debug("{}: the build side does not fit the memory budget, joining bucket by bucket", describe());
        context.runTasks(left.partitionCount(), partition -> left.execute(partition, new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                long start = System.nanoTime();
                try (VectorSchemaRoot extended = probeKeys.extend(batch, context.allocator())) {
                    grace.addProbe(partition, extended);
                } catch (RuntimeException e) {
                    throw Failures.withOperator(e, describe());
                }
                metrics.addNanos(System.nanoTime() - start);
                return true;
            }

            @Override
            public void finish() {}
        }));
        long start = System.nanoTime();
        try {
            grace.join();
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
        metrics.addNanos(System.nanoTime() - start);
    }

    /**
     * Builds the hash table from the batches held in memory (the fast path); false (nothing kept) if the table does not
     * fit the memory budget.
     */
    private boolean buildInMemory(List<VectorSchemaRoot> batches) {
        HashJoiner table = newJoiner();
        try {
            for (VectorSchemaRoot batch : batches) {
                context.checkCancelled();
                table.build(batch);
            }
            table.finishBuild();
        } catch (WeftException e) {
            table.close();
            if (e.errorCode() == ErrorCode.EXCEEDED_MEMORY_LIMIT) {
                return false;
            }
            throw e;
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
        joiner = table;
        return true;
    }

    private HashJoiner newJoiner() {
        return new HashJoiner(joinType, probeKeys.extendedSchema(), probeKeys.indices(), buildKeys.extendedSchema(),
                buildKeys.indices(), buildOutputColumns, joinerOutput, context.allocator(), context.memoryBudget(),
                context.batchSize());
    }

    @Override
    public void execute(int partition, BatchSink out) {
        if (grace != null) {
            BatchSink metered = metered(out);
            grace.emit(partition, metered);
            metered.finish();
            return;
        }
        left.execute(partition, new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                long start = System.nanoTime();
                DrainingConsumer drain = new DrainingConsumer(joined -> {
                    VectorSchemaRoot result = BatchShapes.select(joined, outputColumns, schema(), context.allocator());
                    if (result.getRowCount() == 0) {
                        result.close();
                        return true;
                    }
                    recordOutput(result);
                    return out.accept(result);
                });
                try (VectorSchemaRoot extended = probeKeys.extend(batch, context.allocator())) {
                    joiner.probe(extended, drain);
                } catch (RuntimeException e) {
                    throw Failures.withOperator(e, describe());
                }
                metrics.addNanos(System.nanoTime() - start);
                drain.rethrow();
                return !drain.stopped();
            }

            @Override
            public void finish() {
                out.finish();
            }
        });
    }

    @Override
    public void close() {
        try {
            if (joiner != null) {
                joiner.close();
            }
        } finally {
            if (grace != null) {
                grace.close();
            }
        }
    }
}
