package dev.weft.kernels.expr;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.expr.AggregateCall;
import dev.weft.api.expr.Alias;
import dev.weft.api.expr.Arithmetic;
import dev.weft.api.expr.Call;
import dev.weft.api.expr.CaseWhen;
import dev.weft.api.expr.Cast;
import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.Comparison;
import dev.weft.api.expr.Expression;
import dev.weft.api.expr.ExpressionTyper;
import dev.weft.api.expr.IsNull;
import dev.weft.api.expr.Literal;
import dev.weft.api.expr.Logical;
import dev.weft.api.expr.Not;
import dev.weft.api.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Turns a typed expression tree into evaluators, choosing a kernel per node from the operand types. */
final class EvaluatorBuilder {
    private final Schema schema;

    EvaluatorBuilder(Schema schema) {
        this.schema = schema;
    }

    Evaluator build(Expression expression) {
        if (expression instanceof Alias alias) {
            return build(alias.input());
        }
        if (expression instanceof AggregateCall) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                    ("aggregate %s reached the row-wise expression evaluator; aggregates are computed by the hash "
                            + "aggregator, so the plan translation should have replaced it by a column (this is a bug)").formatted(expression));
        }
        Field field = ExpressionTyper.resolve(expression, schema);
        String text = expression.toString();
        if (expression instanceof ColumnRef ref) {
            return new ColumnEvaluator(field, columnIndex(ref.column()));
        }
        checkSupported(field.getType(), text);
        for (Expression child : expression.children()) {
            checkSupported(ExpressionTyper.typeOf(child, schema), text);
        }
        if (expression instanceof Literal literal) {
            return new LiteralEvaluator(field, Scalars.normalize(literal.value(), literal.type()));
        }
        if (expression instanceof Arithmetic arithmetic) {
            return arithmetic(field, arithmetic.operator(), build(arithmetic.left()), build(arithmetic.right()), text);
        }
        if (expression instanceof Comparison comparison) {
            return Comparisons.compile(field, comparison.operator(), build(comparison.left()), build(comparison.right()), text);
        }
        if (expression instanceof Logical logical) {
            return new LogicalEvaluator(field, logical.operator(), build(logical.left()), build(logical.right()));
        }
        if (expression instanceof Not not) {
            return new NotEvaluator(field, build(not.input()));
        }
        if (expression instanceof IsNull isNull) {
            return new IsNullEvaluator(field, build(isNull.input()));
        }
        if (expression instanceof CaseWhen caseWhen) {
            return caseWhen(field, caseWhen, text);
        }
        if (expression instanceof Cast cast) {
            Evaluator input = build(cast.input());
            checkCast(input.type(), field.getType(), text);
            return CastEvaluator.create(input, field, text);
        }
        return call(field, (Call) expression, text);
    }

    /** Decimals are processed as 128-bit values; wider ones are passed through by column references only. */
    private static void checkSupported(ArrowType type, String text) {
        if (type instanceof ArrowType.Decimal decimal && decimal.getBitWidth() != 128) {
            throw Errors.unsupported(text, "%d-bit decimals are not supported by the vectorized evaluator; use decimal(p, s) with p <= 38 (128-bit)"
                    .formatted(decimal.getBitWidth()));
        }
    }

    private int columnIndex(String name) {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("the typer accepted unknown column " + name);
    }

    private static boolean isNull(Evaluator evaluator) {
        return evaluator instanceof LiteralEvaluator literal && literal.isNull() || evaluator.type() instanceof ArrowType.Null;
    }

    private static Evaluator arithmetic(Field field, Arithmetic.Operator operator, Evaluator left, Evaluator right, String text) {
        if (isNull(left) || isNull(right)) {
            return new LiteralEvaluator(field, null);
        }
        ArrowType type = field.getType();
        if (type instanceof ArrowType.Int integer) {
            if (integer.getBitWidth() >= 32) {
                return IntegerArithmetic.create(field, operator, Coercions.to(left, type, text), Coercions.to(right, type, text), text);
            }
            Field wide = DataTypes.field(field.getName(), DataTypes.INT32, field.isNullable());
            Evaluator computed = IntegerArithmetic.create(wide, operator,
                    Coercions.to(left, DataTypes.INT32, text), Coercions.to(right, DataTypes.INT32, text), text);
            return CastEvaluator.narrowing(computed, field, text);
        }
        if (type instanceof ArrowType.FloatingPoint) {
            return DoubleArithmetic.create(field, operator, Coercions.to(left, DataTypes.FLOAT64, text), Coercions.to(right, DataTypes.FLOAT64, text));
        }
        if (type instanceof ArrowType.Decimal) {
            return DecimalArithmetic.create(field, operator, Coercions.toDecimal(left, text), Coercions.toDecimal(right, text), text);
        }
        throw Errors.unsupported(text, "arithmetic producing %s is not supported".formatted(DataTypes.describe(type)));
    }

    private Evaluator caseWhen(Field field, CaseWhen caseWhen, String text) {
        List<Evaluator> conditions = new ArrayList<>();
        List<Evaluator> values = new ArrayList<>();
        for (CaseWhen.Branch branch : caseWhen.branches()) {
            conditions.add(build(branch.condition()));
            values.add(Coercions.to(build(branch.value()), field.getType(), text));
        }
        Optional<Evaluator> otherwise = caseWhen.otherwise().map(e -> Coercions.to(build(e), field.getType(), text));
        return new CaseWhenEvaluator(field, conditions, values, otherwise);
    }

    private static void checkCast(ArrowType from, ArrowType to, String text) {
        if (from.equals(to) || from instanceof ArrowType.Null) {
            return;
        }
        if (!isScalar(from) || !isScalar(to) || from instanceof ArrowType.Binary || to instanceof ArrowType.Binary) {
            throw Errors.unsupported(text, "casting %s to %s is not supported".formatted(DataTypes.describe(from), DataTypes.describe(to)));
        }
    }

    private static boolean isScalar(ArrowType type) {
        return DataTypes.isNumeric(type) || DataTypes.isString(type) || DataTypes.isTemporal(type)
                || type instanceof ArrowType.Bool || type instanceof ArrowType.Binary;
    }

    private Evaluator call(Field field, Call call, String text) {
        List<Evaluator> arguments = new ArrayList<>();
        for (Expression argument : call.arguments()) {
            arguments.add(build(argument));
        }
        if (call.function() == Call.Function.COALESCE) {
            List<Evaluator> coerced = new ArrayList<>();
            for (Evaluator argument : arguments) {
                if (!isNull(argument)) {
                    coerced.add(Coercions.to(argument, field.getType(), text));
                }
            }
            return coerced.isEmpty() ? new LiteralEvaluator(field, null) : new CoalesceEvaluator(field, coerced);
        }
        for (Evaluator argument : arguments) {
            if (isNull(argument)) {
                return new LiteralEvaluator(field, null);
            }
        }
        return switch (call.function()) {
            case UPPER, LOWER, TRIM -> new StringTransformEvaluator(field, call.function(), arguments.get(0));
            case LENGTH -> new LengthEvaluator(field, arguments.get(0));
            case SUBSTRING -> new SubstringEvaluator(field, arguments.get(0), arguments.get(1), arguments.get(2), text);
            case CONCAT -> concat(field, arguments, text);
            case LIKE, STARTS_WITH, ENDS_WITH, CONTAINS ->
                    new StringMatchEvaluator(field, call.function(), arguments.get(0), arguments.get(1), text);
            case REPLACE -> new ReplaceEvaluator(field, arguments.get(0), arguments.get(1), arguments.get(2));
            case YEAR, MONTH, DAY -> new DatePartEvaluator(field, call.function(), arguments.get(0));
            case DATE_ADD, DATE_DIFF -> new DateArithmeticEvaluator(field, call.function(), arguments.get(0), arguments.get(1), text);
            case ABS -> new AbsEvaluator(field, arguments.get(0), text);
            case ROUND -> new RoundEvaluator(field, arguments.get(0), arguments.get(1), text);
            case COALESCE -> throw new IllegalStateException("handled above");
        };
    }

    private static Evaluator concat(Field field, List<Evaluator> arguments, String text) {
        List<Evaluator> strings = new ArrayList<>();
        for (Evaluator argument : arguments) {
            ArrowType type = argument.type();
            if (!(DataTypes.isNumeric(type) || DataTypes.isString(type) || DataTypes.isTemporal(type) || type instanceof ArrowType.Bool)) {
                throw Errors.unsupported(text, "concat of %s values is not supported; cast them to string first".formatted(DataTypes.describe(type)));
            }
            strings.add(Coercions.to(argument, DataTypes.STRING, text));
        }
        return new ConcatEvaluator(field, strings);
    }
}
