package dev.weft.adaptive;

import dev.weft.api.Collected;
import dev.weft.optimizer.PlacedPlan;
import java.time.Duration;
import java.util.List;

/** A submitted job: its state, its results, its live metrics, and a way to stop it. Thread-safe. */
public interface JobHandle {
    String id();

    JobState state();

    /** Blocks until the job is done; throws the job's WeftException if it failed or was cancelled. */
    void await();

    /** Waits at most {@code timeout}; true when done (then as {@link #await()}), false on time-out. */
    boolean await(Duration timeout);

    /** Asks the job to stop; it ends CANCELLED at its next batch boundary, with every buffer released. */
    void cancel();

    /** The elements a collect sink received, in order; only after the job SUCCEEDED. */
    <T> List<T> collected(Collected<T> handle);

    /** A live snapshot, one entry per operator. */
    List<OperatorMetricsSnapshot> metrics();

    /** Where each operator runs (the optimizer's placement this job ran with), the channels at engine boundaries, estimates and costs. */
    PlacedPlan placement();

    /**
     * The placement as text with the rows each operator produced so far beside its estimate ("observed=", marked when
     * outside the estimated interval): after the job, how good the estimates were.
     */
    String explain();

    /** Time since the job started running (final once it is done). */
    Duration elapsed();
}
