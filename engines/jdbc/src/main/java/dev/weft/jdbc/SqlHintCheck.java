package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.types.DataTypes;
import dev.weft.jdbc.sql.SqlGenerator;
import dev.weft.jdbc.sql.SqlHints;
import dev.weft.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checks every lambda pushed through its SQL hint before a stage's statements run: the operator's query is run with
 * {@code WHERE 1 = 0} (planned, no rows), so SQL the database rejects fails naming the operator and the hint, and a
 * map's result columns are compared with its output schema: same count, same names (downstream SQL refers to them by
 * name; alias each with a quoted identifier) and compatible types (an integer where an integer is expected; an integer
 * or decimal where a decimal is expected; any number where a floating-point number is expected; otherwise the same
 * type).
 */
final class SqlHintCheck {
    private SqlHintCheck() {}

    static void check(List<LogicalOperator> operators, SqlGenerator generator, JdbcDialect dialect, Connection connection) {
        for (LogicalOperator operator : operators) {
            Optional<String> hint = operator instanceof FilterOperator filter ? SqlHints.of(filter)
                    : operator instanceof MapOperator map ? SqlHints.of(map) : Optional.empty();
            if (hint.isPresent()) {
                check(operator, hint.get(), generator, dialect, connection);
            }
        }
    }

    private static void check(LogicalOperator operator, String hint, SqlGenerator generator, JdbcDialect dialect, Connection connection) {
        SqlQuery probe = SqlQuery.builder().append("SELECT * FROM (").append(generator.generate(operator)).append(") AS weft_hint_check WHERE 1 = 0").build();
        try (PreparedStatement statement = JdbcEngine.prepare(connection, probe); ResultSet result = statement.executeQuery()) {
            if (operator instanceof MapOperator) {
                checkColumns(operator, hint, result.getMetaData(), dialect);
            }
        } catch (SQLException e) {
            throw new WeftException(JdbcErrorCode.BAD_SQL_HINT, "%s: the database rejected its SQL hint `%s` (SQLSTATE %s): %s; fix the hint (Hints.sql) or remove it to run the lambda on another engine. SQL: %s"
                    .formatted(operator.info().describe(), hint, e.getSQLState(), e.getMessage(), probe.text()), e);
        }
    }

    private static void checkColumns(LogicalOperator operator, String hint, ResultSetMetaData metaData, JdbcDialect dialect) throws SQLException {
        Schema expected = operator.schema();
        List<String> actual = new ArrayList<>();
        boolean matches = metaData.getColumnCount() == expected.getFields().size();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            String name = metaData.getColumnLabel(i);
            ArrowType type;
            try {
                type = dialect.field(metaData, i, "the SQL hint of " + operator.info().describe()).getType();
            } catch (WeftException e) {
                type = null;
            }
            actual.add("%s %s".formatted(name, type == null ? metaData.getColumnTypeName(i) : DataTypes.describe(type)));
            if (matches) {
                Field field = expected.getFields().get(i - 1);
                matches = field.getName().equals(name) && type != null && compatible(field.getType(), type);
            }
        }
        if (!matches) {
            List<String> wanted = expected.getFields().stream().map(f -> "%s %s".formatted(f.getName(), DataTypes.describe(f.getType()))).toList();
            throw new WeftException(JdbcErrorCode.BAD_SQL_HINT, "%s: its SQL hint `%s` produces the columns [%s] but the map's output is [%s]; write a select list with exactly these columns, in order, named with quoted aliases (\"amount\" * 2 AS \"doubled\"), with compatible types"
                    .formatted(operator.info().describe(), hint, String.join(", ", actual), String.join(", ", wanted)));
        }
    }

    static boolean compatible(ArrowType expected, ArrowType actual) {
        if (expected.equals(actual)) {
            return true;
        }
        if (DataTypes.isIntegral(expected)) {
            return DataTypes.isIntegral(actual);
        }
        if (DataTypes.isDecimal(expected)) {
            return DataTypes.isDecimal(actual) || DataTypes.isIntegral(actual);
        }
        if (DataTypes.isFloatingPoint(expected)) {
            return DataTypes.isFloatingPoint(actual) || DataTypes.isIntegral(actual) || DataTypes.isDecimal(actual);
        }
        return expected.getTypeID() == actual.getTypeID();
    }
}
