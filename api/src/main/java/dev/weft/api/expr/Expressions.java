package dev.weft.api.expr;

import dev.weft.api.types.DataTypes;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Static factories for expressions: {@code import static dev.weft.api.expr.Expressions.*}. */
public final class Expressions {
    private Expressions() {}

    public static ColumnRef col(String name) {
        return new ColumnRef(name);
    }

    public static Literal lit(Object value) {
        return Literal.of(value);
    }

    public static Literal nullOf(ArrowType type) {
        return new Literal(null, type);
    }

    /** An Expression stays as it is; any other value becomes a literal. */
    public static Expression toExpression(Object value) {
        return value instanceof Expression expression ? expression : Literal.of(value);
    }

    public static CaseWhen when(Expression condition, Object value) {
        return new CaseWhen(List.of(new CaseWhen.Branch(condition, toExpression(value))), Optional.empty());
    }

    public static Expression and(Expression first, Expression... more) {
        Expression result = first;
        for (Expression next : more) {
            result = new Logical(Logical.Operator.AND, result, next);
        }
        return result;
    }

    public static Expression or(Expression first, Expression... more) {
        Expression result = first;
        for (Expression next : more) {
            result = new Logical(Logical.Operator.OR, result, next);
        }
        return result;
    }

    public static Not not(Expression input) {
        return new Not(input);
    }

    public static Cast cast(Expression input, ArrowType type) {
        return new Cast(input, type);
    }

    // strings

    public static Call upper(Expression input) {
        return call(Call.Function.UPPER, input);
    }

    public static Call lower(Expression input) {
        return call(Call.Function.LOWER, input);
    }

    public static Call length(Expression input) {
        return call(Call.Function.LENGTH, input);
    }

    public static Call trim(Expression input) {
        return call(Call.Function.TRIM, input);
    }

    /** substring with a 1-based start, as in SQL. */
    public static Call substring(Expression input, int start, int length) {
        return call(Call.Function.SUBSTRING, input, lit(start), lit(length));
    }

    public static Call concat(Object... parts) {
        return new Call(Call.Function.CONCAT, Arrays.stream(parts).map(Expressions::toExpression).toList());
    }

    public static Call like(Expression input, String pattern) {
        return call(Call.Function.LIKE, input, lit(pattern));
    }

    public static Call startsWith(Expression input, String prefix) {
        return call(Call.Function.STARTS_WITH, input, lit(prefix));
    }

    public static Call endsWith(Expression input, String suffix) {
        return call(Call.Function.ENDS_WITH, input, lit(suffix));
    }

    public static Call contains(Expression input, String part) {
        return call(Call.Function.CONTAINS, input, lit(part));
    }

    public static Call replace(Expression input, String search, String replacement) {
        return call(Call.Function.REPLACE, input, lit(search), lit(replacement));
    }

    // dates

    public static Call year(Expression input) {
        return call(Call.Function.YEAR, input);
    }

    public static Call month(Expression input) {
        return call(Call.Function.MONTH, input);
    }

    public static Call day(Expression input) {
        return call(Call.Function.DAY, input);
    }

    public static Call dateAdd(Expression date, Object days) {
        return call(Call.Function.DATE_ADD, date, toExpression(days));
    }

    public static Call dateDiff(Expression end, Expression start) {
        return call(Call.Function.DATE_DIFF, end, start);
    }

    // numbers

    public static Call abs(Expression input) {
        return call(Call.Function.ABS, input);
    }

    public static Call round(Expression input, int digits) {
        return call(Call.Function.ROUND, input, lit(digits));
    }

    public static Call coalesce(Object... inputs) {
        return new Call(Call.Function.COALESCE, Arrays.stream(inputs).map(Expressions::toExpression).toList());
    }

    // aggregates

    public static AggregateCall sum(Expression input) {
        return new AggregateCall(AggregateCall.Function.SUM, Optional.of(input), false);
    }

    public static AggregateCall sum(String column) {
        return sum(col(column));
    }

    /** count(*): the number of rows. */
    public static AggregateCall count() {
        return new AggregateCall(AggregateCall.Function.COUNT, Optional.empty(), false);
    }

    /** count(x): the number of non-null values. */
    public static AggregateCall count(Expression input) {
        return new AggregateCall(AggregateCall.Function.COUNT, Optional.of(input), false);
    }

    public static AggregateCall countDistinct(Expression input) {
        return new AggregateCall(AggregateCall.Function.COUNT, Optional.of(input), true);
    }

    public static AggregateCall min(Expression input) {
        return new AggregateCall(AggregateCall.Function.MIN, Optional.of(input), false);
    }

    public static AggregateCall max(Expression input) {
        return new AggregateCall(AggregateCall.Function.MAX, Optional.of(input), false);
    }

    public static AggregateCall avg(Expression input) {
        return new AggregateCall(AggregateCall.Function.AVG, Optional.of(input), false);
    }

    public static AggregateCall avg(String column) {
        return avg(col(column));
    }

    // sort keys

    public static SortKey asc(String column) {
        return SortKey.ascending(col(column));
    }

    public static SortKey desc(String column) {
        return SortKey.descending(col(column));
    }

    /** The decimal type with this precision and scale, for {@link #cast}. */
    public static ArrowType decimalType(int precision, int scale) {
        return DataTypes.decimal(precision, scale);
    }

    private static Call call(Call.Function function, Expression... arguments) {
        return new Call(function, List.of(arguments));
    }
}
