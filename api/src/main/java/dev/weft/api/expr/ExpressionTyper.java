package dev.weft.api.expr;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Resolves the output column (name, Arrow type, nullability) of an expression against an input schema, checking
 * column names and types. These are the typing rules every engine's evaluator follows:
 * <ul>
 *   <li>arithmetic widens both sides to their common numeric type; decimal {@code *} adds scales, decimal {@code /}
 *       has scale max(6, left scale); integer {@code /} truncates;</li>
 *   <li>sum of integers is bigint, of floats double, of decimal(p,s) decimal(38,s); avg of decimals is decimal(38,
 *       max(6,s)), of anything else double; count is a non-null bigint; min/max keep the input type.</li>
 * </ul>
 * Errors are {@link WeftException}s (UNKNOWN_COLUMN, TYPE_MISMATCH) without operator context; the plan builder
 * adds the operator and its call site.
 */
public final class ExpressionTyper {
    private ExpressionTyper() {}

    public static Field resolve(Expression expression, Schema schema) {
        if (expression instanceof Alias alias) {
            return rename(resolve(alias.input(), schema), alias.alias());
        }
        if (expression instanceof ColumnRef ref) {
            return column(ref.column(), schema);
        }
        if (expression instanceof Literal literal) {
            return DataTypes.field(expression.name(), literal.type(), literal.value() == null);
        }
        if (expression instanceof Arithmetic arithmetic) {
            return arithmetic(arithmetic, schema);
        }
        if (expression instanceof Comparison comparison) {
            return comparison(comparison, schema);
        }
        if (expression instanceof Logical logical) {
            Field left = booleanOperand(logical.left(), logical, schema);
            Field right = booleanOperand(logical.right(), logical, schema);
            return DataTypes.field(expression.name(), DataTypes.BOOLEAN, left.isNullable() || right.isNullable());
        }
        if (expression instanceof Not not) {
            return DataTypes.field(expression.name(), DataTypes.BOOLEAN, booleanOperand(not.input(), not, schema).isNullable());
        }
        if (expression instanceof IsNull isNull) {
            resolve(isNull.input(), schema);
            return DataTypes.field(expression.name(), DataTypes.BOOLEAN, false);
        }
        if (expression instanceof CaseWhen caseWhen) {
            return caseWhen(caseWhen, schema);
        }
        if (expression instanceof Cast cast) {
            return cast(cast, schema);
        }
        if (expression instanceof Call call) {
            return call(call, schema);
        }
        return aggregate((AggregateCall) expression, schema);
    }

    public static ArrowType typeOf(Expression expression, Schema schema) {
        return resolve(expression, schema).getType();
    }

    public static boolean containsAggregate(Expression expression) {
        if (expression instanceof AggregateCall) {
            return true;
        }
        for (Expression child : expression.children()) {
            if (containsAggregate(child)) {
                return true;
            }
        }
        return false;
    }

    /** The input columns an expression reads. */
    public static List<String> referencedColumns(Expression expression) {
        List<String> columns = new ArrayList<>();
        collectColumns(expression, columns);
        return columns.stream().distinct().toList();
    }

    private static void collectColumns(Expression expression, List<String> columns) {
        if (expression instanceof ColumnRef ref) {
            columns.add(ref.column());
        }
        for (Expression child : expression.children()) {
            collectColumns(child, columns);
        }
    }

    private static Field column(String name, Schema schema) {
        for (Field field : schema.getFields()) {
            if (field.getName().equals(name)) {
                return field;
            }
        }
        String known = schema.getFields().stream().map(Field::getName).collect(Collectors.joining(", "));
        String hint = schema.getFields().stream().map(Field::getName)
                .filter(n -> n.equalsIgnoreCase(name)).findFirst()
                .map(n -> " (did you mean '%s'?)".formatted(n)).orElse("");
        throw new WeftException(ErrorCode.UNKNOWN_COLUMN,
                "unknown column '%s'%s; the input has columns [%s]".formatted(name, hint, known));
    }

    private static Field rename(Field field, String name) {
        return new Field(name, field.getFieldType(), field.getChildren());
    }

    private static Field arithmetic(Arithmetic arithmetic, Schema schema) {
        Field left = resolve(arithmetic.left(), schema);
        Field right = resolve(arithmetic.right(), schema);
        ArrowType common = DataTypes.commonNumericType(left.getType(), right.getType())
                .orElseThrow(() -> mismatch(arithmetic, "operator %s needs numbers, got %s and %s".formatted(
                        arithmetic.operator().symbol(), DataTypes.describe(left.getType()), DataTypes.describe(right.getType()))));
        ArrowType type = common;
        if (common instanceof ArrowType.Decimal) {
            ArrowType.Decimal l = DataTypes.asDecimal(left.getType() instanceof ArrowType.Decimal ? left.getType() : DataTypes.asDecimal(left.getType()));
            ArrowType.Decimal r = DataTypes.asDecimal(right.getType() instanceof ArrowType.Decimal ? right.getType() : DataTypes.asDecimal(right.getType()));
            type = switch (arithmetic.operator()) {
                case ADD, SUBTRACT -> DataTypes.decimal(
                        Math.min(DataTypes.MAX_DECIMAL_PRECISION, ((ArrowType.Decimal) common).getPrecision() + 1),
                        ((ArrowType.Decimal) common).getScale());
                case MULTIPLY -> {
                    int scale = Math.min(DataTypes.MAX_DECIMAL_PRECISION, l.getScale() + r.getScale());
                    yield DataTypes.decimal(Math.min(DataTypes.MAX_DECIMAL_PRECISION, Math.max(scale, l.getPrecision() + r.getPrecision() + 1)), scale);
                }
                case DIVIDE -> DataTypes.decimal(DataTypes.MAX_DECIMAL_PRECISION, Math.max(6, l.getScale()));
                case MODULO -> common;
            };
        }
        return DataTypes.field(arithmetic.name(), type, left.isNullable() || right.isNullable());
    }

    private static Field comparison(Comparison comparison, Schema schema) {
        Field left = resolve(comparison.left(), schema);
        Field right = resolve(comparison.right(), schema);
        if (!DataTypes.comparable(left.getType(), right.getType())) {
            throw mismatch(comparison, "cannot compare %s with %s".formatted(
                    DataTypes.describe(left.getType()), DataTypes.describe(right.getType())));
        }
        return DataTypes.field(comparison.name(), DataTypes.BOOLEAN, left.isNullable() || right.isNullable());
    }

    private static Field booleanOperand(Expression operand, Expression parent, Schema schema) {
        Field field = resolve(operand, schema);
        if (!(field.getType() instanceof ArrowType.Bool)) {
            throw mismatch(parent, "operand %s is %s, not boolean".formatted(operand, DataTypes.describe(field.getType())));
        }
        return field;
    }

    private static Field caseWhen(CaseWhen caseWhen, Schema schema) {
        ArrowType type = null;
        boolean nullable = caseWhen.otherwise().isEmpty();
        List<Expression> values = new ArrayList<>();
        for (CaseWhen.Branch branch : caseWhen.branches()) {
            booleanOperand(branch.condition(), caseWhen, schema);
            values.add(branch.value());
        }
        caseWhen.otherwise().ifPresent(values::add);
        for (Expression value : values) {
            Field field = resolve(value, schema);
            nullable |= field.isNullable();
            type = type == null ? field.getType() : common(type, field.getType(), caseWhen);
        }
        return DataTypes.field(caseWhen.name(), type, nullable);
    }

    private static ArrowType common(ArrowType left, ArrowType right, Expression where) {
        if (left.equals(right)) {
            return left;
        }
        Optional<ArrowType> numeric = DataTypes.commonNumericType(left, right);
        return numeric.orElseThrow(() -> mismatch(where, "branches have different types %s and %s".formatted(
                DataTypes.describe(left), DataTypes.describe(right))));
    }

    private static Field cast(Cast cast, Schema schema) {
        Field input = resolve(cast.input(), schema);
        ArrowType from = input.getType();
        ArrowType to = cast.type();
        boolean supported = from.equals(to)
                || (DataTypes.isNumeric(from) || DataTypes.isString(from) || from instanceof ArrowType.Bool)
                        && (DataTypes.isNumeric(to) || DataTypes.isString(to) || to instanceof ArrowType.Bool)
                || (DataTypes.isTemporal(from) || DataTypes.isString(from)) && (DataTypes.isTemporal(to) || DataTypes.isString(to));
        if (!supported) {
            throw mismatch(cast, "cannot cast %s to %s".formatted(DataTypes.describe(from), DataTypes.describe(to)));
        }
        return DataTypes.field(cast.name(), to, input.isNullable());
    }

    private static Field call(Call call, Schema schema) {
        List<Field> arguments = call.arguments().stream().map(a -> resolve(a, schema)).toList();
        boolean nullable = arguments.stream().anyMatch(Field::isNullable);
        ArrowType type = switch (call.function()) {
            case UPPER, LOWER, TRIM -> {
                expect(call, arguments, 0, "string", DataTypes::isString);
                yield DataTypes.STRING;
            }
            case LENGTH -> {
                expect(call, arguments, 0, "string", DataTypes::isString);
                yield DataTypes.INT32;
            }
            case SUBSTRING -> {
                expect(call, arguments, 0, "string", DataTypes::isString);
                expect(call, arguments, 1, "integer", DataTypes::isIntegral);
                expect(call, arguments, 2, "integer", DataTypes::isIntegral);
                yield DataTypes.STRING;
            }
            case CONCAT -> DataTypes.STRING;
            case LIKE, STARTS_WITH, ENDS_WITH, CONTAINS -> {
                expect(call, arguments, 0, "string", DataTypes::isString);
                expect(call, arguments, 1, "string", DataTypes::isString);
                yield DataTypes.BOOLEAN;
            }
            case REPLACE -> {
                for (int i = 0; i < 3; i++) {
                    expect(call, arguments, i, "string", DataTypes::isString);
                }
                yield DataTypes.STRING;
            }
            case YEAR, MONTH, DAY -> {
                expect(call, arguments, 0, "date or timestamp", DataTypes::isTemporal);
                yield DataTypes.INT32;
            }
            case DATE_ADD -> {
                expect(call, arguments, 0, "date", t -> t instanceof ArrowType.Date);
                expect(call, arguments, 1, "integer", DataTypes::isIntegral);
                yield DataTypes.DATE;
            }
            case DATE_DIFF -> {
                expect(call, arguments, 0, "date", t -> t instanceof ArrowType.Date);
                expect(call, arguments, 1, "date", t -> t instanceof ArrowType.Date);
                yield DataTypes.INT32;
            }
            case ABS -> {
                expect(call, arguments, 0, "number", DataTypes::isNumeric);
                yield arguments.get(0).getType();
            }
            case ROUND -> {
                expect(call, arguments, 0, "number", DataTypes::isNumeric);
                expect(call, arguments, 1, "integer", DataTypes::isIntegral);
                yield arguments.get(0).getType();
            }
            case COALESCE -> {
                ArrowType result = arguments.get(0).getType();
                for (Field argument : arguments) {
                    result = common(result, argument.getType(), call);
                }
                nullable = arguments.stream().allMatch(Field::isNullable);
                yield result;
            }
        };
        return DataTypes.field(call.name(), type, nullable);
    }

    private static void expect(Call call, List<Field> arguments, int index, String what, java.util.function.Predicate<ArrowType> test) {
        ArrowType actual = arguments.get(index).getType();
        if (!test.test(actual)) {
            throw mismatch(call, "argument %d of %s must be %s, got %s".formatted(
                    index + 1, call.function(), what, DataTypes.describe(actual)));
        }
    }

    private static Field aggregate(AggregateCall aggregate, Schema schema) {
        if (aggregate.argument().isEmpty()) {
            return DataTypes.field(aggregate.name(), DataTypes.INT64, false);
        }
        Expression argument = aggregate.argument().get();
        if (containsAggregate(argument)) {
            throw mismatch(aggregate, "aggregates cannot be nested");
        }
        Field input = resolve(argument, schema);
        ArrowType type = input.getType();
        return switch (aggregate.function()) {
            case COUNT -> DataTypes.field(aggregate.name(), DataTypes.INT64, false);
            case MIN, MAX -> {
                if (type instanceof ArrowType.Struct || type instanceof ArrowType.List) {
                    throw mismatch(aggregate, "cannot order values of type " + DataTypes.describe(type));
                }
                yield DataTypes.field(aggregate.name(), type, true);
            }
            case SUM -> {
                if (!DataTypes.isNumeric(type)) {
                    throw mismatch(aggregate, "sum needs a number, got " + DataTypes.describe(type));
                }
                ArrowType sumType = DataTypes.isIntegral(type) ? DataTypes.INT64
                        : DataTypes.isFloatingPoint(type) ? DataTypes.FLOAT64
                        : DataTypes.decimal(DataTypes.MAX_DECIMAL_PRECISION, ((ArrowType.Decimal) type).getScale());
                yield DataTypes.field(aggregate.name(), sumType, true);
            }
            case AVG -> {
                if (!DataTypes.isNumeric(type)) {
                    throw mismatch(aggregate, "avg needs a number, got " + DataTypes.describe(type));
                }
                ArrowType avgType = type instanceof ArrowType.Decimal decimal
                        ? DataTypes.decimal(DataTypes.MAX_DECIMAL_PRECISION, Math.max(6, decimal.getScale()))
                        : DataTypes.FLOAT64;
                yield DataTypes.field(aggregate.name(), avgType, true);
            }
        };
    }

    private static WeftException mismatch(Expression expression, String detail) {
        return new WeftException(ErrorCode.TYPE_MISMATCH, "type mismatch in %s: %s".formatted(expression, detail));
    }
}
