package dev.weft.kernels.rows;

import dev.weft.api.expr.Alias;
import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.Expression;
import dev.weft.api.expr.ExpressionTyper;
import dev.weft.kernels.expr.ExpressionCompiler;
import dev.weft.kernels.expr.VectorExpression;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Expressions over rows of an input schema, evaluated by the kernels on a batch built from the rows; a plain column
 * reference (or an alias of one) is read from the row directly. Serializable (expressions as {@link SerialForm} bytes,
 * schemas as JSON), compiled lazily once per instance; not thread-safe.
 */
final class RowExpressions implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String operator;
    private final byte[] expressions;
    private final String inputJson;
    private final String outputJson;
    private final int[] columns;
    private final int count;
    private transient Schema input;
    private transient Schema output;
    private transient List<VectorExpression> compiled; // per expression, null where columns[i] >= 0

    private RowExpressions(String operator, byte[] expressions, String inputJson, String outputJson, int[] columns, int count) {
        this.operator = operator;
        this.expressions = expressions;
        this.inputJson = inputJson;
        this.outputJson = outputJson;
        this.columns = columns;
        this.count = count;
    }

    static RowExpressions of(String operator, List<Expression> expressions, Schema input) {
        List<Field> fields = new ArrayList<>();
        int[] columns = new int[expressions.size()];
        try {
            for (int i = 0; i < expressions.size(); i++) {
                Expression expression = expressions.get(i);
                fields.add(ExpressionTyper.resolve(expression, input));
                Expression inner = expression instanceof Alias alias ? alias.input() : expression;
                columns[i] = inner instanceof ColumnRef ref ? indexOf(input, ref.column()) : -1;
            }
        } catch (RuntimeException e) {
            throw RowErrors.withOperator(e, operator);
        }
        RowExpressions result = new RowExpressions(operator, SerialForm.encode(new ArrayList<>(expressions), operator),
                SerialForm.schemaJson(input), SerialForm.schemaJson(new Schema(fields)), columns, expressions.size());
        result.compile(); // fails here, on the driver side, rather than in an executor
        return result;
    }

    private static int indexOf(Schema schema, String column) {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    int size() {
        return count;
    }

    Schema inputSchema() {
        if (input == null) {
            input = SerialForm.schema(inputJson);
        }
        return input;
    }

    /** One field per expression, as ExpressionTyper resolves them. */
    Schema outputSchema() {
        if (output == null) {
            output = SerialForm.schema(outputJson);
        }
        return output;
    }

    /** Whether every expression is a column of the input (no batch needed). */
    boolean columnsOnly() {
        for (int column : columns) {
            if (column < 0) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private List<VectorExpression> compile() {
        if (compiled == null) {
            List<Expression> list = SerialForm.decode(expressions, List.class);
            List<VectorExpression> result = new ArrayList<>();
            try {
                for (int i = 0; i < list.size(); i++) {
                    result.add(columns[i] >= 0 ? null : ExpressionCompiler.compile(list.get(i), inputSchema()));
                }
            } catch (RuntimeException e) {
                throw RowErrors.withOperator(e, operator);
            }
            compiled = result;
        }
        return compiled;
    }

    /** The values of every expression for one row. */
    Object[] evaluate(Object[] row, BufferAllocator allocator) {
        if (columnsOnly()) {
            Object[] values = new Object[count];
            for (int i = 0; i < count; i++) {
                values[i] = row[columns[i]];
            }
            return values;
        }
        return evaluate(List.<Object[]>of(row), allocator).get(0);
    }

    /** The values of every expression for each row, in order. */
    List<Object[]> evaluate(List<Object[]> rows, BufferAllocator allocator) {
        List<Object[]> results = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            results.add(new Object[count]);
        }
        for (int i = 0; i < count; i++) {
            if (columns[i] >= 0) {
                for (int r = 0; r < rows.size(); r++) {
                    results.get(r)[i] = rows.get(r)[columns[i]];
                }
            }
        }
        if (columnsOnly() || rows.isEmpty()) {
            return results;
        }
        List<VectorExpression> evaluators = compile();
        List<Field> fields = new ArrayList<>();
        List<FieldVector> vectors = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        try (VectorSchemaRoot batch = RowBatches.batch(rows, inputSchema(), allocator)) {
            for (int i = 0; i < count; i++) {
                if (evaluators.get(i) != null) {
                    FieldVector vector = evaluators.get(i).evaluate(batch, allocator);
                    vectors.add(vector);
                    fields.add(vector.getField());
                    positions.add(i);
                }
            }
            try (VectorSchemaRoot values = new VectorSchemaRoot(fields, vectors, rows.size())) {
                List<Object[]> computed = RowBatches.rows(values);
                for (int r = 0; r < rows.size(); r++) {
                    Object[] source = computed.get(r);
                    Object[] target = results.get(r);
                    for (int k = 0; k < positions.size(); k++) {
                        target[positions.get(k)] = source[k];
                    }
                }
            }
        } catch (RuntimeException e) {
            for (FieldVector vector : vectors) {
                vector.close();
            }
            throw RowErrors.withOperator(e, operator);
        }
        return results;
    }
}
