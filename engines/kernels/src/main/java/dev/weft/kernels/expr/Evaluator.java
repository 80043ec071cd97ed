package dev.weft.kernels.expr;

import static java.util.Objects.requireNonNull;

import java.util.BitSet;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One node of a compiled expression: evaluates a whole batch at once into a vector of its {@link #field()}. Nodes
 * are immutable, so a compiled tree may be evaluated by many threads at once.
 */
abstract class Evaluator {
    private final Field field;
    private final List<Evaluator> children;

    Evaluator(Field field, List<Evaluator> children) {
        this.field = requireNonNull(field, "field is null");
        this.children = List.copyOf(requireNonNull(children, "children is null"));
    }

    final Field field() {
        return field;
    }

    final ArrowType type() {
        return field.getType();
    }

    final List<Evaluator> children() {
        return children;
    }

    /** The values of this expression for every row of the batch; the caller closes the result. */
    abstract Values evaluate(Batch batch);

    /**
     * Whether evaluating this node may throw for some input values (overflow, division by zero, unparseable
     * strings...). Such nodes under CASE, COALESCE, AND and OR are evaluated only for the rows that need their value.
     */
    final boolean mayFail() {
        if (failsOnSomeValues()) {
            return true;
        }
        for (Evaluator child : children) {
            if (child.mayFail()) {
                return true;
            }
        }
        return false;
    }

    /** Whether this node itself (not its children) may throw for some values. */
    boolean failsOnSomeValues() {
        return false;
    }

    /** Adds the input columns this node reads. */
    void collectColumns(BitSet columns) {
        for (Evaluator child : children) {
            child.collectColumns(columns);
        }
    }

    final BitSet columns() {
        BitSet columns = new BitSet();
        collectColumns(columns);
        return columns;
    }
}
