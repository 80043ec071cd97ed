package dev.weft.jdbc.sql;

import dev.weft.api.expr.Expression;
import dev.weft.api.expr.SortKey;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.CartesianOperator;
import dev.weft.api.plan.CountOperator;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.api.plan.FilterCondition;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.IntersectOperator;
import dev.weft.api.plan.JdbcSource;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.JoinType;
import dev.weft.api.plan.LimitOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.plan.SortOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.TopKOperator;
import dev.weft.api.plan.UnionOperator;
import dev.weft.api.WeftException;
import dev.weft.jdbc.JdbcErrorCode;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns a declarative plan fragment (JdbcSource, StageInputSource, Filter, Project, Aggregate, Join, Sort, TopK, Limit,
 * Distinct, Union, Intersect, Cartesian, Count, and filters and maps whose lambda has an SQL hint) into one query in the given
 * {@link SqlDialect} (PostgreSQL unless told otherwise). Each operator is a derived table {@code tN} (N its id) over its
 * input, whose columns are the operator's output columns by name; PostgreSQL's planner flattens the nesting. Literals
 * are bind parameters; identifiers are always quoted.
 */
public final class SqlGenerator {
    private static final PostgresDialect POSTGRES = new PostgresDialect();

    private final SqlDialect dialect;
    private final Function<StageInputSource, String> stageInputTables;

    /**
     * @param dialect the SQL dialect to write
     * @param stageInputTables the (temporary) table holding the rows of each stage input of the fragment
     */
    public SqlGenerator(SqlDialect dialect, Function<StageInputSource, String> stageInputTables) {
        this.dialect = Objects.requireNonNull(dialect, "dialect is null");
        this.stageInputTables = Objects.requireNonNull(stageInputTables, "stageInputTables is null");
    }

    /** A PostgreSQL generator. */
    public SqlGenerator(Function<StageInputSource, String> stageInputTables) {
        this(POSTGRES, stageInputTables);
    }

    /** A generator for fragments without stage inputs. */
    public SqlGenerator(SqlDialect dialect) {
        this(dialect, source -> {
            throw new WeftException(JdbcErrorCode.NOT_PUSHABLE, "%s: no table holds this stage input's rows".formatted(source.info().describe()));
        });
    }

    /** A PostgreSQL generator for fragments without stage inputs. */
    public SqlGenerator() {
        this(POSTGRES);
    }

    /**
     * Whether the generator can turn this operator (not its inputs) into SQL. A lambda never, unless it declares an SQL
     * equivalent ({@code Hints.sql}): a filter's hint is a boolean condition over the input's columns, a map's a select
     * list producing the output columns in order.
     */
    public static boolean supports(LogicalOperator operator) {
        return operator instanceof JdbcSource || operator instanceof StageInputSource
                || operator instanceof FilterOperator filter && (filter.condition() instanceof FilterCondition.Declarative || SqlHints.of(filter).isPresent())
                || operator instanceof MapOperator map && SqlHints.of(map).isPresent()
                || operator instanceof ProjectOperator || operator instanceof AggregateOperator aggregate && aggregate.window().isEmpty()
                || operator instanceof JoinOperator || operator instanceof SortOperator || operator instanceof TopKOperator
                || operator instanceof LimitOperator || operator instanceof DistinctOperator || operator instanceof UnionOperator
                || operator instanceof CountOperator || operator instanceof IntersectOperator || operator instanceof CartesianOperator;
    }

    public SqlQuery generate(LogicalOperator operator) {
        if (operator instanceof JdbcSource source) {
            return source(source);
        }
        if (operator instanceof StageInputSource input) {
            return SqlQuery.of("SELECT %s FROM %s".formatted(columns(input.schema(), ""), dialect.quote(stageInputTables.apply(input))));
        }
        if (operator instanceof FilterOperator filter && filter.condition() instanceof FilterCondition.Declarative declarative) {
            return SqlQuery.builder().append("SELECT * FROM ").append(derived(filter.input(), alias(filter)))
                    .append(" WHERE ").append(expressions(filter.input().schema(), "").render(declarative.predicate()))
                    .build();
        }
        if (operator instanceof FilterOperator filter && SqlHints.of(filter).isPresent()) {
            // the user's own SQL text, inserted verbatim (like Spark's expr()): never build a hint from untrusted input
            return SqlQuery.builder().append("SELECT * FROM ").append(derived(filter.input(), alias(filter)))
                    .append(" WHERE (").append(SqlHints.of(filter).get()).append(")").build();
        }
        if (operator instanceof MapOperator map && SqlHints.of(map).isPresent()) {
            return SqlQuery.builder().append("SELECT ").append(SqlHints.of(map).get()).append(" FROM ").append(derived(map.input(), alias(map))).build();
        }
        if (operator instanceof ProjectOperator project) {
            SqlQuery.Builder sql = SqlQuery.builder().append("SELECT ");
            selectList(project.expressions(), project.input().schema(), project.schema(), sql);
            return sql.append(" FROM ").append(derived(project.input(), alias(project))).build();
        }
        if (operator instanceof AggregateOperator aggregate && aggregate.window().isEmpty()) {
            return aggregate(aggregate);
        }
        if (operator instanceof JoinOperator join) {
            return join(join);
        }
        if (operator instanceof SortOperator sort) {
            return ordered(sort.input(), alias(sort), sort.keys(), -1);
        }
        if (operator instanceof TopKOperator topK) {
            return ordered(topK.input(), alias(topK), topK.keys(), topK.k());
        }
        if (operator instanceof LimitOperator limit) {
            SqlQuery.Builder sql = SqlQuery.builder().append("SELECT * FROM ").append(derived(limit.input(), alias(limit)));
            dialect.limit(sql, limit.limit());
            return sql.build();
        }
        if (operator instanceof DistinctOperator distinct) {
            return SqlQuery.builder().append("SELECT DISTINCT * FROM ").append(derived(distinct.input(), alias(distinct))).build();
        }
        if (operator instanceof UnionOperator union) {
            SqlQuery.Builder sql = SqlQuery.builder();
            List<LogicalOperator> inputs = union.inputs();
            for (int i = 0; i < inputs.size(); i++) {
                sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT * FROM ").append(derived(inputs.get(i), alias(union) + "_" + i));
            }
            return sql.build();
        }
        if (operator instanceof IntersectOperator intersect) {
            // distinct rows present in both inputs, NULLs equal: SQL's INTERSECT (not INTERSECT ALL), as the Java engine
            return SqlQuery.builder().append("SELECT * FROM ").append(derived(intersect.left(), alias(intersect) + "_0"))
                    .append(" INTERSECT SELECT * FROM ").append(derived(intersect.right(), alias(intersect) + "_1")).build();
        }
        if (operator instanceof CartesianOperator cartesian) {
            return cartesian(cartesian);
        }
        if (operator instanceof CountOperator count) {
            return SqlQuery.builder().append("SELECT count(*) AS ").append(dialect.quote(count.schema().getFields().get(0).getName()))
                    .append(" FROM ").append(derived(count.input(), alias(count))).build();
        }
        throw new WeftException(JdbcErrorCode.NOT_PUSHABLE, "%s (%s) cannot run as SQL: the JDBC engine runs declarative filters, projections, "
                + "aggregations, joins, sorts, limits, distinct, union and count; place it on another engine".formatted(operator.info().describe(), operator.kind()));
    }

    private SqlQuery source(JdbcSource source) {
        String columns = columns(source.schema(), "");
        if (source.isQuery()) {
            return SqlQuery.of("SELECT %s FROM (%s) AS %s".formatted(columns, source.query(), alias(source)));
        }
        return SqlQuery.of("SELECT %s FROM %s".formatted(columns, dialect.table(source.table())));
    }

    private SqlQuery aggregate(AggregateOperator aggregate) {
        if (!dialect.groupsByPosition() && !aggregate.groupKeys().isEmpty()) {
            return aggregateByName(aggregate);
        }
        Schema input = aggregate.input().schema();
        List<Expression> all = new java.util.ArrayList<>(aggregate.groupKeys());
        all.addAll(aggregate.aggregates());
        SqlQuery.Builder sql = SqlQuery.builder().append("SELECT ");
        selectList(all, input, aggregate.schema(), sql);
        sql.append(" FROM ").append(derived(aggregate.input(), alias(aggregate)));
        if (!aggregate.groupKeys().isEmpty()) {
            sql.append(" GROUP BY ");
            for (int i = 0; i < aggregate.groupKeys().size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(String.valueOf(i + 1));
            }
        }
        return sql.build();
    }

    /**
     * {@code SELECT "weft_key_0" AS "k", agg(...) AS "a" FROM (SELECT <key 0> AS "weft_key_0", ..., i.* FROM (input) AS i)
     * AS tN GROUP BY "weft_key_0"}: the keys computed once in a derived table, grouped by name, for databases that do not
     * take positions in GROUP BY.
     */
    private SqlQuery aggregateByName(AggregateOperator aggregate) {
        Schema input = aggregate.input().schema();
        ExpressionSql renderer = expressions(input, "");
        List<Field> output = aggregate.schema().getFields();
        List<Expression> keys = aggregate.groupKeys();
        SqlQuery.Builder inner = SqlQuery.builder().append("SELECT ");
        for (int i = 0; i < keys.size(); i++) {
            inner.append(renderer.render(keys.get(i))).append(" AS ").append(dialect.quote("weft_key_" + i)).append(", ");
        }
        String innerAlias = alias(aggregate) + "_keys";
        inner.append(innerAlias).append(".* FROM ").append(derived(aggregate.input(), innerAlias));
        SqlQuery.Builder sql = SqlQuery.builder().append("SELECT ");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(dialect.quote("weft_key_" + i)).append(" AS ").append(dialect.quote(output.get(i).getName()));
        }
        for (int i = 0; i < aggregate.aggregates().size(); i++) {
            sql.append(", ").append(renderer.render(aggregate.aggregates().get(i))).append(" AS ").append(dialect.quote(output.get(keys.size() + i).getName()));
        }
        sql.append(" FROM (").append(inner.build()).append(") AS ").append(alias(aggregate)).append(" GROUP BY ");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(dialect.quote("weft_key_" + i));
        }
        return sql.build();
    }

    private SqlQuery join(JoinOperator join) {
        Schema left = join.left().schema();
        Schema right = join.right().schema();
        SqlQuery.Builder on = SqlQuery.builder();
        ExpressionSql leftSql = expressions(left, "l");
        ExpressionSql rightSql = expressions(right, "r");
        for (int i = 0; i < join.leftKeys().size(); i++) {
            on.append(i == 0 ? "" : " AND ").append(leftSql.render(join.leftKeys().get(i))).append(" = ").append(rightSql.render(join.rightKeys().get(i)));
        }
        SqlQuery condition = on.build();
        if (join.joinType() == JoinType.SEMI || join.joinType() == JoinType.ANTI) {
            return SqlQuery.builder().append("SELECT ").append(columns(join.schema(), "l")).append(" FROM ").append(derived(join.left(), "l"))
                    .append(join.joinType() == JoinType.SEMI ? " WHERE EXISTS (SELECT 1 FROM " : " WHERE NOT EXISTS (SELECT 1 FROM ")
                    .append(derived(join.right(), "r")).append(" WHERE ").append(condition).append(")").build();
        }
        StringBuilder select = new StringBuilder();
        List<Field> fields = join.schema().getFields();
        for (int i = 0; i < fields.size(); i++) {
            String name = dialect.quote(fields.get(i).getName());
            select.append(i == 0 ? "" : ", ").append(i < left.getFields().size() ? "l." : "r.").append(name);
        }
        return SqlQuery.builder().append("SELECT ").append(select.toString()).append(" FROM ").append(derived(join.left(), "l"))
                .append(join.joinType() == JoinType.LEFT ? " LEFT JOIN " : " INNER JOIN ").append(derived(join.right(), "r"))
                .append(" ON ").append(condition).build();
    }

    /** Every pair: {@code CROSS JOIN}, each column renamed to the output's name (a right column may have been renamed). */
    private SqlQuery cartesian(CartesianOperator cartesian) {
        List<Field> left = cartesian.left().schema().getFields();
        List<Field> right = cartesian.right().schema().getFields();
        List<Field> output = cartesian.schema().getFields();
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < output.size(); i++) {
            String source = i < left.size() ? "l." + dialect.quote(left.get(i).getName()) : "r." + dialect.quote(right.get(i - left.size()).getName());
            select.append(i == 0 ? "" : ", ").append(source).append(" AS ").append(dialect.quote(output.get(i).getName()));
        }
        return SqlQuery.builder().append("SELECT ").append(select.toString()).append(" FROM ").append(derived(cartesian.left(), "l"))
                .append(" CROSS JOIN ").append(derived(cartesian.right(), "r")).build();
    }

    private SqlQuery ordered(LogicalOperator input, String alias, List<SortKey> keys, long limit) {
        ExpressionSql expressions = expressions(input.schema(), "");
        SqlQuery.Builder sql = SqlQuery.builder().append("SELECT * FROM ").append(derived(input, alias));
        if (!keys.isEmpty()) {
            sql.append(" ORDER BY ");
            for (int i = 0; i < keys.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(expressions.orderBy(keys.get(i)));
            }
        }
        if (limit >= 0) {
            dialect.limit(sql, limit);
        }
        return sql.build();
    }

    private void selectList(List<Expression> expressions, Schema input, Schema output, SqlQuery.Builder sql) {
        ExpressionSql renderer = expressions(input, "");
        for (int i = 0; i < expressions.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(renderer.render(expressions.get(i)))
                    .append(" AS ").append(dialect.quote(output.getFields().get(i).getName()));
        }
    }

    /** {@code (input SQL) AS alias}. */
    private SqlQuery derived(LogicalOperator input, String alias) {
        return SqlQuery.builder().append("(").append(generate(input)).append(") AS ").append(alias).build();
    }

    private static String alias(LogicalOperator operator) {
        return "t" + operator.id();
    }

    private ExpressionSql expressions(Schema input, String qualifier) {
        return new ExpressionSql(input, qualifier, dialect);
    }

    private String columns(Schema schema, String qualifier) {
        StringBuilder text = new StringBuilder();
        for (Field field : schema.getFields()) {
            text.append(text.length() == 0 ? "" : ", ").append(qualifier.isEmpty() ? "" : qualifier + ".").append(dialect.quote(field.getName()));
        }
        return text.toString();
    }
}
