package dev.weft.optimizer.estimate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.Alias;
import dev.weft.api.expr.Call;
import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.Comparison;
import dev.weft.api.expr.Expression;
import dev.weft.api.expr.IsNull;
import dev.weft.api.expr.Literal;
import dev.weft.api.expr.Logical;
import dev.weft.api.expr.Not;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The fraction of rows a predicate keeps, as an interval {@code [lower, upper]} within [0, 1] with a confidence.
 *
 * <p>{@link #of} estimates a declarative predicate from its expression and the distinct counts of its input:
 * <ul>
 *   <li>{@code col = literal}: {@code 1/ndv} when the column's distinct count is known (confidence
 *       {@value #KNOWN_DISTINCT_CONFIDENCE}), else {@link #DEFAULT_EQUALITY}; {@code col = col}: {@code 1/max(ndv)};
 *       {@code x = NULL} keeps nothing;</li>
 *   <li>{@code <>}: one minus the equality's interval;</li>
 *   <li>{@code <, <=, >, >=} against a literal: {@link #DEFAULT_RANGE}; two opposite ranges on one column ANDed (a
 *       BETWEEN): {@link #DEFAULT_BETWEEN};</li>
 *   <li>AND: the product of the bounds; OR: {@code s1 + s2 - s1 s2} on each bound; NOT {@code [1 - upper, 1 - lower]};</li>
 *   <li>{@code IS NULL}: {@link #DEFAULT_IS_NULL}, nothing on a non-nullable column (so IS NOT NULL is [0.9, 1] or all);</li>
 *   <li>LIKE, starts/ends with, contains: {@link #DEFAULT_PATTERN}; a boolean literal: all or nothing;</li>
 *   <li>anything else: {@link #DEFAULT_OTHER}.</li>
 * </ul>
 * Combined selectivities keep the lowest confidence.
 */
public record Selectivity(double lower, double upper, double confidence) {
    public static final double KNOWN_DISTINCT_CONFIDENCE = 0.7;
    public static final Selectivity ALL = new Selectivity(1, 1, 1);
    public static final Selectivity NONE = new Selectivity(0, 0, 1);
    /** Equality with a literal when the column's distinct count is unknown. */
    public static final Selectivity DEFAULT_EQUALITY = new Selectivity(0.001, 0.2, 0.3);
    /** A range comparison ({@code <, <=, >, >=}) with a literal, without statistics. */
    public static final Selectivity DEFAULT_RANGE = new Selectivity(0.1, 0.5, 0.3);
    /** Two opposite ranges on one column (a BETWEEN). */
    public static final Selectivity DEFAULT_BETWEEN = new Selectivity(0.05, 0.3, 0.3);
    public static final Selectivity DEFAULT_IS_NULL = new Selectivity(0, 0.1, 0.3);
    /** LIKE and the starts-with, ends-with and contains functions. */
    public static final Selectivity DEFAULT_PATTERN = new Selectivity(0.01, 0.5, 0.2);
    /** Any other predicate (a comparison of two expressions, a boolean column, a CASE ...). */
    public static final Selectivity DEFAULT_OTHER = new Selectivity(0.1, 0.9, 0.2);
    /** A filter lambda without a selectivity hint. */
    public static final Selectivity DEFAULT_LAMBDA = new Selectivity(0.05, 0.95, 0.2);
    /** The confidence of a selectivity the user gave as a hint. */
    public static final double HINT_CONFIDENCE = 0.8;

    public Selectivity {
        if (!(lower >= 0) || !(upper >= lower) || !(upper <= 1)) {
            throw new IllegalArgumentException("selectivity [%s, %s] is invalid: need 0 <= lower <= upper <= 1".formatted(lower, upper));
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence %s is not in [0, 1]".formatted(confidence));
        }
    }

    /** Output rows per input row of an operator that may also multiply rows (a flat-map): {@code [lower, upper]}, upper may exceed 1. */
    public record Factor(double lower, double upper, double confidence) {
        public Factor {
            if (!(lower >= 0) || !(upper >= lower) || Double.isInfinite(upper)) {
                throw new IllegalArgumentException("factor [%s, %s] is invalid: need 0 <= lower <= upper".formatted(lower, upper));
            }
            if (!(confidence >= 0 && confidence <= 1)) {
                throw new IllegalArgumentException("confidence %s is not in [0, 1]".formatted(confidence));
            }
        }

        public Cardinality applyTo(Cardinality rows) {
            return rows.scale(lower, upper, confidence);
        }
    }

    /** Clamps the bounds into [0, 1] (a hint or a product may stray out of it). */
    public static Selectivity clamped(double lower, double upper, double confidence) {
        double low = clamp(lower);
        double high = Math.max(low, clamp(upper));
        return new Selectivity(low, high, confidence);
    }

    public Selectivity and(Selectivity other) {
        return clamped(lower * other.lower, upper * other.upper, Math.min(confidence, other.confidence));
    }

    public Selectivity or(Selectivity other) {
        return clamped(lower + other.lower - lower * other.lower, upper + other.upper - upper * other.upper,
                Math.min(confidence, other.confidence));
    }

    public Selectivity not() {
        return clamped(1 - upper, 1 - lower, confidence);
    }

    /** The rows kept of {@code rows}. */
    public Cardinality applyTo(Cardinality rows) {
        return rows.scale(lower, upper, confidence);
    }

    /**
     * Estimates a declarative predicate over an input with the given schema and distinct counts (by column name;
     * columns without an entry are unknown).
     */
    public static Selectivity of(Expression predicate, Schema schema, Map<String, Double> distinctCounts) {
        requireNonNull(predicate, "predicate is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(distinctCounts, "distinctCounts is null");
        return estimate(predicate, schema, distinctCounts);
    }

    /**
     * The columns a predicate pins to a single value: those compared for equality with a non-null literal in a
     * top-level conjunction. After the filter they have one distinct value.
     */
    public static Set<String> pinnedColumns(Expression predicate) {
        Set<String> pinned = new HashSet<>();
        collectPinned(predicate, pinned);
        return pinned;
    }

    private static void collectPinned(Expression predicate, Set<String> pinned) {
        if (predicate instanceof Logical logical && logical.operator() == Logical.Operator.AND) {
            collectPinned(logical.left(), pinned);
            collectPinned(logical.right(), pinned);
        } else if (predicate instanceof Comparison comparison && comparison.operator() == Comparison.Operator.EQ) {
            Optional<ColumnAndLiteral> split = ColumnAndLiteral.of(comparison);
            split.filter(s -> s.literal().value() != null).ifPresent(s -> pinned.add(s.column()));
        }
    }

    private static Selectivity estimate(Expression predicate, Schema schema, Map<String, Double> distinctCounts) {
        Expression expression = unalias(predicate);
        if (expression instanceof Logical logical) {
            if (logical.operator() == Logical.Operator.AND) {
                Optional<String> between = betweenColumn(logical);
                if (between.isPresent()) {
                    return DEFAULT_BETWEEN;
                }
                return estimate(logical.left(), schema, distinctCounts).and(estimate(logical.right(), schema, distinctCounts));
            }
            return estimate(logical.left(), schema, distinctCounts).or(estimate(logical.right(), schema, distinctCounts));
        }
        if (expression instanceof Not not) {
            return estimate(not.input(), schema, distinctCounts).not();
        }
        if (expression instanceof IsNull isNull) {
            return isNull(isNull, schema);
        }
        if (expression instanceof Comparison comparison) {
            return comparison(comparison, distinctCounts);
        }
        if (expression instanceof Literal literal) {
            return Boolean.TRUE.equals(literal.value()) ? ALL : NONE;
        }
        if (expression instanceof Call call) {
            return switch (call.function()) {
                case LIKE, STARTS_WITH, ENDS_WITH, CONTAINS -> DEFAULT_PATTERN;
                default -> DEFAULT_OTHER;
            };
        }
        return DEFAULT_OTHER;
    }

    private static Selectivity isNull(IsNull isNull, Schema schema) {
        Expression input = unalias(isNull.input());
        if (input instanceof ColumnRef column) {
            Optional<Field> field = schema.getFields().stream().filter(f -> f.getName().equals(column.column())).findFirst();
            if (field.isPresent() && !field.get().isNullable()) {
                return NONE;
            }
        }
        if (input instanceof Literal literal) {
            return literal.value() == null ? ALL : NONE;
        }
        return DEFAULT_IS_NULL;
    }

    private static Selectivity comparison(Comparison comparison, Map<String, Double> distinctCounts) {
        Comparison.Operator operator = comparison.operator();
        if (isNullLiteral(comparison.left()) || isNullLiteral(comparison.right())) {
            return NONE; // a comparison with NULL is NULL, which a filter drops
        }
        return switch (operator) {
            case EQ -> equality(comparison, distinctCounts);
            case NE -> equality(comparison, distinctCounts).not();
            case LT, LE, GT, GE -> ColumnAndLiteral.of(comparison).isPresent()
                    || unalias(comparison.left()) instanceof Literal || unalias(comparison.right()) instanceof Literal
                    ? DEFAULT_RANGE : DEFAULT_OTHER;
        };
    }

    private static Selectivity equality(Comparison comparison, Map<String, Double> distinctCounts) {
        Expression left = unalias(comparison.left());
        Expression right = unalias(comparison.right());
        Optional<ColumnAndLiteral> columnAndLiteral = ColumnAndLiteral.of(comparison);
        if (columnAndLiteral.isPresent()) {
            Double distinct = distinctCounts.get(columnAndLiteral.get().column());
            return distinct == null ? DEFAULT_EQUALITY : oneIn(distinct);
        }
        if (left instanceof ColumnRef l && right instanceof ColumnRef r) {
            Double leftDistinct = distinctCounts.get(l.column());
            Double rightDistinct = distinctCounts.get(r.column());
            if (leftDistinct != null && rightDistinct != null) {
                return oneIn(Math.max(leftDistinct, rightDistinct));
            }
            return DEFAULT_EQUALITY;
        }
        if (left instanceof Literal || right instanceof Literal) {
            return DEFAULT_EQUALITY; // an expression of columns equal to a literal
        }
        return DEFAULT_OTHER;
    }

    private static Selectivity oneIn(double distinct) {
        double fraction = 1 / Math.max(1, distinct);
        return new Selectivity(fraction, fraction, KNOWN_DISTINCT_CONFIDENCE);
    }

    /** The column of {@code a >= x AND a <= y} (either order, strict or not), if the conjunction is such a BETWEEN. */
    private static Optional<String> betweenColumn(Logical and) {
        if (!(unalias(and.left()) instanceof Comparison left) || !(unalias(and.right()) instanceof Comparison right)) {
            return Optional.empty();
        }
        Optional<ColumnAndLiteral> l = ColumnAndLiteral.of(left);
        Optional<ColumnAndLiteral> r = ColumnAndLiteral.of(right);
        if (l.isEmpty() || r.isEmpty() || !l.get().column().equals(r.get().column())) {
            return Optional.empty();
        }
        int leftDirection = direction(l.get().operator());
        int rightDirection = direction(r.get().operator());
        return leftDirection != 0 && leftDirection == -rightDirection ? Optional.of(l.get().column()) : Optional.empty();
    }

    /** +1 for a lower bound on the column (col > x), -1 for an upper bound (col < x), 0 otherwise. */
    private static int direction(Comparison.Operator operator) {
        return switch (operator) {
            case GT, GE -> 1;
            case LT, LE -> -1;
            default -> 0;
        };
    }

    private static boolean isNullLiteral(Expression expression) {
        return unalias(expression) instanceof Literal literal && literal.value() == null;
    }

    private static Expression unalias(Expression expression) {
        Expression current = expression;
        while (current instanceof Alias alias) {
            current = alias.input();
        }
        return current;
    }

    private static double clamp(double value) {
        if (Double.isNaN(value)) {
            return 0;
        }
        return Math.max(0, Math.min(1, value));
    }

    /** A comparison of a column with a literal, normalized to "column operator literal". */
    private record ColumnAndLiteral(String column, Comparison.Operator operator, Literal literal) {
        static Optional<ColumnAndLiteral> of(Comparison comparison) {
            Expression left = unalias(comparison.left());
            Expression right = unalias(comparison.right());
            if (left instanceof ColumnRef column && right instanceof Literal literal) {
                return Optional.of(new ColumnAndLiteral(column.column(), comparison.operator(), literal));
            }
            if (right instanceof ColumnRef column && left instanceof Literal literal) {
                return Optional.of(new ColumnAndLiteral(column.column(), mirror(comparison.operator()), literal));
            }
            return Optional.empty();
        }

        private static Comparison.Operator mirror(Comparison.Operator operator) {
            return switch (operator) {
                case LT -> Comparison.Operator.GT;
                case LE -> Comparison.Operator.GE;
                case GT -> Comparison.Operator.LT;
                case GE -> Comparison.Operator.LE;
                default -> operator;
            };
        }
    }
}
