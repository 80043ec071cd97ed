package dev.weft.jdbc.embedded;

import dev.weft.api.WeftException;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.jdbc.JdbcErrorCode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's embedded binaries, PostgreSQL 14) on a free loopback port with a fresh data
 * directory under {@code java.io.tmpdir}, for tests and the demo. User {@code postgres}, trust authentication, database
 * {@code postgres}, time zone UTC. {@link #close} stops it and deletes the data directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Duration startTime;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Duration startTime) {
        this.postgres = postgres;
        this.startTime = startTime;
    }

    /** Starts a server; takes a few seconds (unpacking the binaries the first time, initdb, start). */
    public static EmbeddedPostgresServer start() {
        long started = System.nanoTime();
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Path data = Files.createTempDirectory(tmp, "weft-pg-data-");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(Files.createDirectories(tmp.resolve("weft-embedded-pg")).toFile())
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_wal_size", "1GB")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.info("embedded PostgreSQL started on port {} in {} ms", postgres.getPort(), took.toMillis());
            return new EmbeddedPostgresServer(postgres, took);
        } catch (IOException e) {
            throw new WeftException(JdbcErrorCode.CONNECTION_FAILED, "the embedded PostgreSQL server did not start: %s; check that java.io.tmpdir (%s) is writable and not mounted noexec"
                    .formatted(e.getMessage(), System.getProperty("java.io.tmpdir")), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:%d/postgres".formatted(port());
    }

    /** The data source of the {@code postgres} database as user {@code postgres} (no password). */
    public JdbcDataSource dataSource() {
        return JdbcDataSource.of(jdbcUrl()).withUser(USER);
    }

    /** How long {@link #start} took. */
    public Duration startTime() {
        return startTime;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("stopping the embedded PostgreSQL server on port {} failed: {}", port(), e.getMessage());
        }
    }
}
