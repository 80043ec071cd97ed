package dev.weft.jdbc.sql;

import dev.weft.jdbc.PgTypes;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** PostgreSQL's SQL: double-quoted identifiers, {@code COLLATE "C"}, PostgreSQL type names, {@code LIMIT}, {@code GROUP BY 1}. */
public class PostgresDialect implements SqlDialect {
    public static final String NAME = "postgresql";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Family family() {
        return Family.POSTGRESQL;
    }

    @Override
    public String quote(String identifier) {
        return Identifiers.quote(identifier);
    }

    @Override
    public String codePointCollation() {
        return " COLLATE \"C\"";
    }

    @Override
    public String sqlType(ArrowType type) {
        return PgTypes.sqlType(type);
    }

    @Override
    public void limit(SqlQuery.Builder sql, long limit) {
        sql.append(" LIMIT ").parameter(limit, "int8");
    }

    @Override
    public boolean groupsByPosition() {
        return true;
    }
}
