package dev.weft.api.spi;

/** Thread-safe counters of one operator in one stage. */
public interface OperatorMetrics {
    void addRows(long rows);

    void addBytes(long bytes);

    void addNanos(long nanos);

    /** Records the operator did not pass on because they were bad (a connector's malformed input, dead-lettered or dropped). */
    default void addSkipped(long records) {}

    /** Counters that drop everything, for engines run without a driver. */
    OperatorMetrics NONE = new OperatorMetrics() {
        @Override
        public void addRows(long rows) {}

        @Override
        public void addBytes(long bytes) {}

        @Override
        public void addNanos(long nanos) {}
    };
}
