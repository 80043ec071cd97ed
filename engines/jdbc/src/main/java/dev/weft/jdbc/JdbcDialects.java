package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.jdbc.sql.AnsiDialect;
import dev.weft.jdbc.sql.PostgresDialect;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the {@link JdbcDialect} of a data source: the data source property {@value #DIALECT_PROPERTY}
 * ({@code postgresql} or {@code generic}) when set (it is never passed to the driver), otherwise from the URL:
 * {@code jdbc:postgresql:} is PostgreSQL, any other URL the generic SQL:2008 dialect. For a stage that names its
 * database through the engine properties ({@link JdbcEngine#URL_PROPERTY}), the engine property of the same name forces
 * the dialect.
 *
 * <pre>{@code
 * JdbcDataSource.of("jdbc:postgresql://db:5432/shop").withProperty("weft.jdbc.dialect", "generic")
 * }</pre>
 */
public final class JdbcDialects {
    public static final String DIALECT_PROPERTY = "weft.jdbc.dialect";
    private static final JdbcDialect POSTGRES = new PostgresJdbcDialect();
    private static final JdbcDialect GENERIC = new GenericJdbcDialect();

    private JdbcDialects() {}

    public static JdbcDialect of(JdbcDataSource dataSource) {
        return of(dataSource.url(), Optional.ofNullable(dataSource.properties().get(DIALECT_PROPERTY)));
    }

    /** The dialect named by {@code forced} when present, else the URL's. */
    public static JdbcDialect of(String url, Optional<String> forced) {
        if (forced.isPresent()) {
            return named(forced.get());
        }
        return url.startsWith("jdbc:postgresql:") ? POSTGRES : GENERIC;
    }

    /** {@code postgresql} or {@code generic} (any case); anything else is a USER_ERROR naming the allowed values. */
    public static JdbcDialect named(String name) {
        String normalized = name.strip().toLowerCase(Locale.ROOT);
        if (normalized.equals(PostgresDialect.NAME)) {
            return POSTGRES;
        }
        if (normalized.equals(AnsiDialect.NAME)) {
            return GENERIC;
        }
        throw new WeftException(JdbcErrorCode.UNKNOWN_DIALECT, "unknown JDBC dialect '%s' in property %s; use one of: %s, %s"
                .formatted(name, DIALECT_PROPERTY, PostgresDialect.NAME, AnsiDialect.NAME));
    }
}
