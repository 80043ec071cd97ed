package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.expr.Cast;
import dev.weft.api.expr.Expression;
import dev.weft.api.expr.ExpressionTyper;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.JoinType;
import dev.weft.api.types.DataTypes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An equi-join over rows, as the Java engine's JoinNode: keys are the operator's key expressions (evaluated by the
 * kernels unless plain columns), cast to a common type where the sides differ (int against bigint); a key holding a
 * NULL never matches. Output rows: INNER and LEFT give the left columns then the right columns the plan keeps (USING
 * columns once; NULLs for an unmatched left row of a LEFT join); SEMI and ANTI give left rows only (ANTI keeps a left
 * row whose key holds a NULL). The engine groups both sides by key and calls {@link #join} per key (either side may be
 * empty). Serializable; an instance is used by one thread at a time.
 */
public final class RowJoin implements Serializable {
    private static final long serialVersionUID = 1L;

    private final JoinType type;
    private final RowExpressions leftKeys;
    private final RowExpressions rightKeys;
    private final int leftColumns;
    private final int[] rightOutputColumns;
    private final String outputJson;

    private RowJoin(JoinType type, RowExpressions leftKeys, RowExpressions rightKeys, int leftColumns, int[] rightOutputColumns,
                    String outputJson) {
        this.type = type;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.leftColumns = leftColumns;
        this.rightOutputColumns = rightOutputColumns;
        this.outputJson = outputJson;
    }

    public static RowJoin of(JoinOperator join) {
        requireNonNull(join, "join is null");
        String describe = join.info().describe();
        Schema left = join.left().schema();
        Schema right = join.right().schema();
        try {
            List<Expression> probe = new ArrayList<>();
            List<Expression> build = new ArrayList<>();
            for (int i = 0; i < join.leftKeys().size(); i++) {
                ArrowType leftType = ExpressionTyper.typeOf(join.leftKeys().get(i), left);
                ArrowType rightType = ExpressionTyper.typeOf(join.rightKeys().get(i), right);
                ArrowType common = commonType(leftType, rightType);
                probe.add(leftType.equals(common) ? join.leftKeys().get(i) : new Cast(join.leftKeys().get(i), common));
                build.add(rightType.equals(common) ? join.rightKeys().get(i) : new Cast(join.rightKeys().get(i), common));
            }
            Schema output = join.schema();
            int leftCount = left.getFields().size();
            boolean withRight = join.joinType() == JoinType.INNER || join.joinType() == JoinType.LEFT;
            int rightCount = withRight ? output.getFields().size() - leftCount : 0;
            int[] rightColumns = new int[rightCount];
            for (int i = 0; i < rightCount; i++) {
                String name = output.getFields().get(leftCount + i).getName();
                rightColumns[i] = indexOf(right, name, describe);
            }
            return new RowJoin(join.joinType(), RowExpressions.of(describe, probe, left), RowExpressions.of(describe, build, right),
                    leftCount, rightColumns, SerialForm.schemaJson(output));
        } catch (RuntimeException e) {
            throw RowErrors.withOperator(e, describe);
        }
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

    private static int indexOf(Schema schema, String name, String describe) {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                "%s: output column '%s' is not a column of the right input %s".formatted(describe, name, schema));
    }

    public JoinType type() {
        return type;
    }

    public Schema outputSchema() {
        return SerialForm.schema(outputJson);
    }

    /** The key of a left row; {@link RowKey#hasNull()} when it can match nothing. */
    public RowKey leftKey(Object[] row) {
        return RowKey.of(leftKeys.evaluate(row, RowMemory.allocator()));
    }

    public RowKey rightKey(Object[] row) {
        return RowKey.of(rightKeys.evaluate(row, RowMemory.allocator()));
    }

    /** Keys of many left rows at once (one kernels batch per 1024 rows when keys are computed). */
    public List<RowKey> leftKeys(List<Object[]> rows, BufferAllocator allocator) {
        return keys(leftKeys, rows, allocator);
    }

    public List<RowKey> rightKeys(List<Object[]> rows, BufferAllocator allocator) {
        return keys(rightKeys, rows, allocator);
    }

    private static List<RowKey> keys(RowExpressions expressions, List<Object[]> rows, BufferAllocator allocator) {
        List<RowKey> keys = new ArrayList<>(rows.size());
        for (Object[] values : expressions.evaluate(rows, allocator)) {
            keys.add(RowKey.of(values));
        }
        return keys;
    }

    /**
     * The output rows of the left and right rows of one key (left rows in order, each with its matches in right order).
     * If the key holds a NULL nothing matches.
     */
    public Iterator<Object[]> join(Iterable<Object[]> left, Iterable<Object[]> right) {
        List<Object[]> results = new ArrayList<>();
        Iterator<Object[]> lefts = left.iterator();
        if (!lefts.hasNext()) {
            return results.iterator();
        }
        Object[] first = lefts.next();
        boolean matchable = !leftKey(first).hasNull() && right.iterator().hasNext();
        for (Object[] row = first; row != null; row = lefts.hasNext() ? lefts.next() : null) {
            switch (type) {
                case INNER -> {
                    if (matchable) {
                        for (Object[] match : right) {
                            results.add(combine(row, match));
                        }
                    }
                }
                case LEFT -> {
                    if (matchable) {
                        for (Object[] match : right) {
                            results.add(combine(row, match));
                        }
                    } else {
                        results.add(combine(row, null));
                    }
                }
                case SEMI -> {
                    if (matchable) {
                        results.add(row);
                    }
                }
                case ANTI -> {
                    if (!matchable) {
                        results.add(row);
                    }
                }
            }
        }
        return results.iterator();
    }

    private Object[] combine(Object[] left, Object[] right) {
        Object[] row = new Object[leftColumns + rightOutputColumns.length];
        System.arraycopy(left, 0, row, 0, leftColumns);
        if (right != null) {
            for (int i = 0; i < rightOutputColumns.length; i++) {
                row[leftColumns + i] = right[rightOutputColumns[i]];
            }
        }
        return row;
    }
}
