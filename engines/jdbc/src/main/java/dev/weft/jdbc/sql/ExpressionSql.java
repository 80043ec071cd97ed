package dev.weft.jdbc.sql;

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
import dev.weft.api.WeftException;
import dev.weft.jdbc.JdbcErrorCode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Renders declarative expressions as SQL of a {@link SqlDialect} with the Java engine's semantics: literals are bind
 * parameters, strings compare and sort in code-point order (PostgreSQL: {@code COLLATE "C"}; the generic dialect uses
 * the database's default order), casts to integers truncate, round is half away from zero for floating point too, and
 * concatenation of a NULL is NULL. The generic (SQL:2008) dialect spells the functions PostgreSQL names differently in
 * standard SQL ({@code POSITION}, {@code SUBSTRING ... FROM ... FOR}, {@code MOD}, {@code INTERVAL}); a timestamp cast
 * to a string, whose text has no standard form, is not pushable there.
 */
public final class ExpressionSql {
    private final Schema input;
    private final String qualifier;
    private final SqlDialect dialect;
    private final boolean ansi;

    /** PostgreSQL. @param qualifier the table alias to prefix columns with ("" for none) */
    public ExpressionSql(Schema input, String qualifier) {
        this(input, qualifier, new PostgresDialect());
    }

    /** @param qualifier the table alias to prefix columns with ("" for none) */
    public ExpressionSql(Schema input, String qualifier, SqlDialect dialect) {
        this.input = input;
        this.qualifier = qualifier;
        this.dialect = dialect;
        this.ansi = dialect.family() == SqlDialect.Family.ANSI;
    }

    public SqlQuery render(Expression expression) {
        SqlQuery.Builder sql = SqlQuery.builder();
        render(expression, sql);
        return sql.build();
    }

    private void render(Expression expression, SqlQuery.Builder sql) {
        if (expression instanceof Alias alias) {
            render(alias.input(), sql);
        } else if (expression instanceof ColumnRef ref) {
            ExpressionTyper.resolve(ref, input);
            sql.append(qualifier.isEmpty() ? "" : qualifier + ".").append(dialect.quote(ref.column()));
        } else if (expression instanceof Literal literal) {
            literal(literal, sql);
        } else if (expression instanceof Arithmetic arithmetic) {
            arithmetic(arithmetic, sql);
        } else if (expression instanceof Comparison comparison) {
            sql.append("(");
            render(comparison.left(), sql);
            if (isString(comparison.left()) && isString(comparison.right()) && comparison.operator() != Comparison.Operator.EQ
                    && comparison.operator() != Comparison.Operator.NE) {
                sql.append(dialect.codePointCollation());
            }
            sql.append(" ").append(comparison.operator().symbol()).append(" ");
            render(comparison.right(), sql);
            sql.append(")");
        } else if (expression instanceof Logical logical) {
            sql.append("(");
            render(logical.left(), sql);
            sql.append(" ").append(logical.operator().name()).append(" ");
            render(logical.right(), sql);
            sql.append(")");
        } else if (expression instanceof Not not) {
            sql.append("(NOT ");
            render(not.input(), sql);
            sql.append(")");
        } else if (expression instanceof IsNull isNull) {
            sql.append("(");
            render(isNull.input(), sql);
            sql.append(" IS NULL)");
        } else if (expression instanceof CaseWhen caseWhen) {
            sql.append("CASE");
            for (CaseWhen.Branch branch : caseWhen.branches()) {
                sql.append(" WHEN ");
                render(branch.condition(), sql);
                sql.append(" THEN ");
                render(branch.value(), sql);
            }
            if (caseWhen.otherwise().isPresent()) {
                sql.append(" ELSE ");
                render(caseWhen.otherwise().get(), sql);
            }
            sql.append(" END");
        } else if (expression instanceof Cast cast) {
            cast(cast, sql);
        } else if (expression instanceof Call call) {
            call(call, sql);
        } else {
            aggregate((AggregateCall) expression, sql);
        }
    }

    private void literal(Literal literal, SqlQuery.Builder sql) {
        String type = dialect.sqlType(literal.type());
        if (literal.value() == null) {
            sql.append("CAST(NULL AS ").append(type).append(")");
            return;
        }
        Object value = literal.value();
        if (value instanceof Instant instant) {
            value = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        } else if (value instanceof Byte b) {
            value = b.shortValue();
        }
        sql.parameter(value, type);
    }

    private void arithmetic(Arithmetic arithmetic, SqlQuery.Builder sql) {
        ArrowType type = ExpressionTyper.typeOf(arithmetic, input);
        boolean floatModulo = arithmetic.operator() == Arithmetic.Operator.MODULO && DataTypes.isFloatingPoint(type);
        if (floatModulo) {
            // PostgreSQL has no % for floating point: x - trunc(x / y) * y, as Java's %
            sql.append("(");
            render(arithmetic.left(), sql);
            sql.append(" - ");
            truncate(() -> {
                render(arithmetic.left(), sql);
                sql.append(" / ");
                render(arithmetic.right(), sql);
            }, sql);
            sql.append(" * ");
            render(arithmetic.right(), sql);
            sql.append(")");
            return;
        }
        if (ansi && arithmetic.operator() == Arithmetic.Operator.MODULO) {
            sql.append("MOD(");
            render(arithmetic.left(), sql);
            sql.append(", ");
            render(arithmetic.right(), sql);
            sql.append(")");
            return;
        }
        if (type instanceof ArrowType.Decimal && arithmetic.operator() == Arithmetic.Operator.DIVIDE) {
            sql.append("CAST(");
        }
        // int / int truncates in PostgreSQL as in Java
        sql.append("(");
        render(arithmetic.left(), sql);
        sql.append(" ").append(arithmetic.operator().symbol()).append(" ");
        render(arithmetic.right(), sql);
        sql.append(")");
        if (type instanceof ArrowType.Decimal && arithmetic.operator() == Arithmetic.Operator.DIVIDE) {
            sql.append(" AS ").append(dialect.sqlType(type)).append(")");
        }
    }

    /** trunc(x) toward zero: PostgreSQL's trunc, or CASE with FLOOR/CEILING in standard SQL. */
    private void truncate(Runnable operand, SqlQuery.Builder sql) {
        if (!ansi) {
            sql.append("trunc(");
            operand.run();
            sql.append(")");
            return;
        }
        sql.append("(CASE WHEN (");
        operand.run();
        sql.append(") < 0 THEN CEILING(");
        operand.run();
        sql.append(") ELSE FLOOR(");
        operand.run();
        sql.append(") END)");
    }

    private void cast(Cast cast, SqlQuery.Builder sql) {
        ArrowType from = ExpressionTyper.typeOf(cast.input(), input);
        ArrowType to = cast.type();
        String target = dialect.sqlType(to);
        if (DataTypes.isIntegral(to) && (DataTypes.isFloatingPoint(from) || DataTypes.isDecimal(from))) {
            sql.append("CAST(");
            truncate(() -> render(cast.input(), sql), sql);
            sql.append(" AS ").append(target).append(")");
            return;
        }
        if (DataTypes.isString(to) && from instanceof ArrowType.Timestamp) {
            if (ansi) {
                throw new WeftException(JdbcErrorCode.NOT_PUSHABLE, "a cast of timestamp %s to a string has no standard SQL form (the Java engine writes ISO-8601 with microseconds); run it on another engine or use the postgresql dialect"
                        .formatted(cast.input()));
            }
            sql.append("to_char(");
            render(cast.input(), sql);
            sql.append(" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
            return;
        }
        sql.append("CAST(");
        render(cast.input(), sql);
        sql.append(" AS ").append(target).append(")");
    }

    private void call(Call call, SqlQuery.Builder sql) {
        List<Expression> args = call.arguments();
        switch (call.function()) {
            case UPPER, LOWER, TRIM, ABS, REPLACE, COALESCE -> function(call.function().name().toLowerCase(Locale.ROOT), args, sql);
            case LENGTH -> function("char_length", args, sql);
            case SUBSTRING -> {
                if (ansi) {
                    sql.append("SUBSTRING(");
                    render(args.get(0), sql);
                    sql.append(" FROM ");
                    render(args.get(1), sql);
                    if (args.size() > 2) {
                        sql.append(" FOR ");
                        render(args.get(2), sql);
                    }
                    sql.append(")");
                } else {
                    function("substr", args, sql);
                }
            }
            case STARTS_WITH -> {
                if (ansi) {
                    sql.append("(POSITION(");
                    render(args.get(1), sql);
                    sql.append(" IN ");
                    render(args.get(0), sql);
                    sql.append(") = 1)");
                } else {
                    function("starts_with", args, sql);
                }
            }
            case CONCAT -> {
                sql.append("(");
                for (int i = 0; i < args.size(); i++) {
                    sql.append(i == 0 ? "" : " || ").append("CAST(");
                    render(args.get(i), sql);
                    sql.append(" AS ").append(dialect.sqlType(DataTypes.STRING)).append(")");
                }
                sql.append(")");
            }
            case LIKE -> {
                sql.append("(");
                render(args.get(0), sql);
                sql.append(" LIKE ");
                render(args.get(1), sql);
                // % and _ only, as in the Java engine: a backslash is an ordinary character (standard SQL has no escape character unless one is named)
                sql.append(ansi ? ")" : " ESCAPE '')");
            }
            case ENDS_WITH -> {
                if (ansi) {
                    sql.append("(CHAR_LENGTH(");
                    render(args.get(1), sql);
                    sql.append(") <= CHAR_LENGTH(");
                    render(args.get(0), sql);
                    sql.append(") AND SUBSTRING(");
                    render(args.get(0), sql);
                    sql.append(" FROM CHAR_LENGTH(");
                    render(args.get(0), sql);
                    sql.append(") - CHAR_LENGTH(");
                    render(args.get(1), sql);
                    sql.append(") + 1) = ");
                    render(args.get(1), sql);
                    sql.append(")");
                    return;
                }
                sql.append("(right(");
                render(args.get(0), sql);
                sql.append(", char_length(");
                render(args.get(1), sql);
                sql.append(")) = ");
                render(args.get(1), sql);
                sql.append(")");
            }
            case CONTAINS -> {
                if (ansi) {
                    sql.append("(POSITION(");
                    render(args.get(1), sql);
                    sql.append(" IN ");
                    render(args.get(0), sql);
                    sql.append(") > 0)");
                } else {
                    sql.append("(strpos(");
                    render(args.get(0), sql);
                    sql.append(", ");
                    render(args.get(1), sql);
                    sql.append(") > 0)");
                }
            }
            case YEAR, MONTH, DAY -> {
                sql.append("CAST(EXTRACT(").append(call.function().name()).append(" FROM ");
                render(args.get(0), sql);
                sql.append(") AS ").append(dialect.sqlType(DataTypes.INT32)).append(")");
            }
            case DATE_ADD -> {
                sql.append("(");
                render(args.get(0), sql);
                sql.append(" + CAST(");
                render(args.get(1), sql);
                sql.append(ansi ? " AS INTEGER) * INTERVAL '1' DAY)" : " AS int4))");
            }
            case DATE_DIFF -> {
                if (ansi) {
                    sql.append("CAST(EXTRACT(DAY FROM (");
                    render(args.get(0), sql);
                    sql.append(" - ");
                    render(args.get(1), sql);
                    sql.append(") DAY) AS INTEGER)");
                    return;
                }
                sql.append("(");
                render(args.get(0), sql);
                sql.append(" - ");
                render(args.get(1), sql);
                sql.append(")");
            }
            case ROUND -> {
                ArrowType type = ExpressionTyper.typeOf(args.get(0), input);
                sql.append(ansi ? "CAST(ROUND(CAST(" : "CAST(round(CAST(");
                render(args.get(0), sql);
                sql.append(ansi ? " AS DECIMAL(38,18)), CAST(" : " AS numeric), CAST(");
                render(args.get(1), sql);
                sql.append(" AS ").append(dialect.sqlType(DataTypes.INT32)).append(")) AS ").append(dialect.sqlType(type)).append(")");
            }
            default -> throw new IllegalStateException("unhandled function " + call.function());
        }
    }

    private void function(String name, List<Expression> args, SqlQuery.Builder sql) {
        sql.append(name).append("(");
        for (int i = 0; i < args.size(); i++) {
            sql.append(i == 0 ? "" : ", ");
            render(args.get(i), sql);
        }
        sql.append(")");
    }

    private void aggregate(AggregateCall aggregate, SqlQuery.Builder sql) {
        String name = aggregate.function().name().toLowerCase(Locale.ROOT);
        if (aggregate.argument().isEmpty()) {
            sql.append("count(*)");
            return;
        }
        Expression argument = aggregate.argument().get();
        ArrowType resultType = ExpressionTyper.typeOf(aggregate, input);
        boolean castResult = aggregate.function() == AggregateCall.Function.SUM || aggregate.function() == AggregateCall.Function.AVG;
        if (castResult) {
            sql.append("CAST(");
        }
        sql.append(name).append("(").append(aggregate.distinct() ? "DISTINCT " : "");
        boolean floatingAverage = ansi && aggregate.function() == AggregateCall.Function.AVG && DataTypes.isFloatingPoint(resultType);
        if (floatingAverage) {
            sql.append("CAST("); // databases average integers as integers or as decimals of their own scale: the Java engine's avg is a double
        }
        render(argument, sql);
        if (floatingAverage) {
            sql.append(" AS ").append(dialect.sqlType(resultType)).append(")");
        }
        if (isString(argument) && aggregate.function() != AggregateCall.Function.COUNT) {
            sql.append(dialect.codePointCollation());
        }
        sql.append(")");
        if (castResult) {
            sql.append(" AS ").append(dialect.sqlType(resultType)).append(")");
        }
    }

    private boolean isString(Expression expression) {
        return DataTypes.isString(ExpressionTyper.typeOf(expression, input));
    }

    /** The ORDER BY item of a sort key. */
    public SqlQuery orderBy(dev.weft.api.expr.SortKey key) {
        SqlQuery.Builder sql = SqlQuery.builder();
        render(key.expression(), sql);
        if (isString(key.expression())) {
            sql.append(dialect.codePointCollation());
        }
        sql.append(key.descending() ? " DESC" : " ASC").append(key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
        return sql.build();
    }
}
