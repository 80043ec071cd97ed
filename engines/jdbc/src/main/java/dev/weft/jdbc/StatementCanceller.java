package dev.weft.jdbc;

import dev.weft.api.spi.StageContext;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cancels the running statement of a stage on the server ({@link Statement#cancel}) soon after the job is cancelled, so
 * that a long query (a big sort or aggregation before its first row) stops without waiting for it.
 */
final class StatementCanceller implements AutoCloseable {
    static final long POLL_MILLIS = 100;

    private final StageContext context;
    private final AtomicReference<Statement> current = new AtomicReference<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final ScheduledFuture<?> poll;

    StatementCanceller(StageContext context, ScheduledExecutorService scheduler) {
        this.context = context;
        this.poll = scheduler.scheduleWithFixedDelay(this::check, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The statement now running (null when none). */
    void running(Statement statement) {
        current.set(statement);
        check();
    }

    /** Whether a statement was cancelled because the job was. */
    boolean cancelled() {
        return cancelled.get();
    }

    private void check() {
        Statement statement = current.get();
        if (statement != null && context.isCancelled() && cancelled.compareAndSet(false, true)) {
            try {
                statement.cancel();
            } catch (SQLException ignored) {
                // the statement ended meanwhile; the batch loop sees the cancellation
            }
        }
    }

    @Override
    public void close() {
        poll.cancel(false);
        current.set(null);
    }
}
