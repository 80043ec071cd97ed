package dev.weft.cli;

import static java.util.Objects.requireNonNull;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.OperatorMetricsSnapshot;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A single refreshing line on a terminal's stderr while a job runs: elapsed time and rows/s of each operator that
 * produced rows since the last refresh. It appears once the job has run for {@link #DELAY} and refreshes every
 * {@link #PERIOD}; closing it erases it.
 */
final class ProgressLine implements AutoCloseable {
    static final Duration DELAY = Duration.ofSeconds(1);
    static final Duration PERIOD = Duration.ofMillis(500);
    private static final int DEFAULT_WIDTH = 100;

    private final JobHandle job;
    private final PrintStream terminal;
    private final int width;
    private final ScheduledExecutorService timer;
    private final Map<Integer, Long> previousRows = new HashMap<>();
    private long previousNanos;
    private int shownLength;

    private ProgressLine(JobHandle job, PrintStream terminal, boolean enabled) {
        this.job = requireNonNull(job, "job is null");
        this.terminal = requireNonNull(terminal, "terminal is null");
        this.width = terminalWidth();
        this.previousNanos = System.nanoTime();
        if (enabled) {
            this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "weft-progress");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleAtFixedRate(this::refresh, DELAY.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            this.timer = null;
        }
    }

    /** Shows progress on {@code terminal} if {@code enabled}; otherwise does nothing. */
    static ProgressLine start(JobHandle job, PrintStream terminal, boolean enabled) {
        return new ProgressLine(job, terminal, enabled);
    }

    private synchronized void refresh() {
        try {
            if (job.state().isDone()) {
                return;
            }
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - previousNanos) / 1e9);
            previousNanos = now;
            StringBuilder line = new StringBuilder("weft: %s running".formatted(seconds(job.elapsed())));
            List<OperatorMetricsSnapshot> metrics = job.metrics();
            boolean any = false;
            for (OperatorMetricsSnapshot operator : metrics) {
                long before = previousRows.getOrDefault(operator.operatorId(), 0L);
                previousRows.put(operator.operatorId(), operator.rows());
                long delta = operator.rows() - before;
                if (delta > 0) {
                    line.append(any ? ", " : ": ").append(operator.name()).append(' ').append(rate(delta / seconds)).append(" rows/s");
                    any = true;
                }
            }
            show(line.length() > width - 1 ? line.substring(0, width - 2) + "…" : line.toString());
        } catch (RuntimeException e) {
            // progress is cosmetic: never let it disturb the job
        }
    }

    private void show(String text) {
        int padding = Math.max(0, shownLength - text.length());
        terminal.print("\r" + text + " ".repeat(padding));
        terminal.flush();
        shownLength = text.length();
    }

    static String rate(double rowsPerSecond) {
        if (rowsPerSecond >= 1e9) {
            return String.format(Locale.ROOT, "%.1fG", rowsPerSecond / 1e9);
        }
        if (rowsPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", rowsPerSecond / 1e6);
        }
        if (rowsPerSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", rowsPerSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", rowsPerSecond);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }

    private static int terminalWidth() {
        try {
            String columns = System.getenv("COLUMNS");
            return columns == null ? DEFAULT_WIDTH : Math.max(20, Integer.parseInt(columns.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    @Override
    public void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (shownLength > 0) {
                terminal.print("\r" + " ".repeat(shownLength) + "\r");
                terminal.flush();
                shownLength = 0;
            }
        }
    }
}
