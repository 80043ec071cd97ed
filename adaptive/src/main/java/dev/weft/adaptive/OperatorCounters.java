package dev.weft.adaptive;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.OperatorMetrics;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** The driver's {@link OperatorMetrics}: contention-free counters that metrics snapshots read while the job runs. */
final class OperatorCounters implements OperatorMetrics {
    private final LogicalOperator operator;
    private final String engine;
    private final LongAdder rows = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder skipped = new LongAdder();

    OperatorCounters(LogicalOperator operator, String engine) {
        this.operator = operator;
        this.engine = engine;
    }

    @Override
    public void addRows(long count) {
        rows.add(count);
    }

    @Override
    public void addBytes(long count) {
        bytes.add(count);
    }

    @Override
    public void addNanos(long count) {
        nanos.add(count);
    }

    @Override
    public void addSkipped(long count) {
        skipped.add(count);
    }

    OperatorMetricsSnapshot snapshot() {
        return new OperatorMetricsSnapshot(operator.id(), operator.name(), operator.kind(), engine, rows.sum(), bytes.sum(),
                Duration.ofNanos(nanos.sum()), skipped.sum());
    }
}
