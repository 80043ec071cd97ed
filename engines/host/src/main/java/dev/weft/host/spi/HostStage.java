package dev.weft.host.spi;

import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.Stage;
import dev.weft.channels.flight.RemoteStream;

/** One stage a host runs: the plan (deserialized with the user class loader) and where its inputs and outputs are. */
public interface HostStage {
    /** "&lt;job&gt;/&lt;stage&gt;", unique per host while the stage runs. */
    String key();

    /** The stage's operators, deserialized with the user class loader. */
    Stage stage();

    ExecutionSettings settings();

    /** Where a stage input is: the driver's Flight server, or this host's own (inputs the driver uploaded). */
    RemoteStream input(StageInputSource source);

    /**
     * Where a stage output goes. The runner writes EVERY partition exactly once (empty ones too) and completes it
     * ({@link dev.weft.host.io.RemoteStreams#writer}); nobody else completes them.
     */
    RemoteStream output(StageOutputSink sink);

    /** One partition on the host's own server: write the collected rows in order, then complete it. */
    RemoteStream collect(CollectSink sink);

    /** Thread-safe; flows back to the driver's OperatorMetrics of the operator with that id. */
    void addMetrics(int operatorId, long rows, long bytes);

    boolean isCancelled();
}
