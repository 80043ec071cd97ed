package dev.weft.host.server;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.Stage;
import dev.weft.channels.flight.RemoteStream;
import dev.weft.host.spi.HostStage;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/** A stage the host runs, as its runner sees it. */
final class RunningStage implements HostStage {
    private final RunStageRequest request;
    private final Stage stage;
    private final ExecutionSettings settings;
    private final Map<Integer, AtomicLongArray> metrics = new ConcurrentHashMap<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    RunningStage(RunStageRequest request, Stage stage, ExecutionSettings settings) {
        this.request = requireNonNull(request, "request is null");
        this.stage = requireNonNull(stage, "stage is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    public String key() {
        return request.key();
    }

    @Override
    public Stage stage() {
        return stage;
    }

    @Override
    public ExecutionSettings settings() {
        return settings;
    }

    @Override
    public RemoteStream input(StageInputSource source) {
        return bound(request.inputs().get(source.channel()), source.info().describe(), "input channel '%s'".formatted(source.channel()));
    }

    @Override
    public RemoteStream output(StageOutputSink sink) {
        return bound(request.outputs().get(sink.channel()), sink.info().describe(), "output channel '%s'".formatted(sink.channel()));
    }

    @Override
    public RemoteStream collect(CollectSink sink) {
        return bound(request.collects().get(sink.id()), sink.info().describe(), "collect sink #%d".formatted(sink.id()));
    }

    @Override
    public void addMetrics(int operatorId, long rows, long bytes) {
        AtomicLongArray counters = metrics.computeIfAbsent(operatorId, id -> new AtomicLongArray(2));
        counters.addAndGet(0, rows);
        counters.addAndGet(1, bytes);
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    void cancel() {
        cancelled.set(true);
    }

    Map<Integer, long[]> metrics() {
        Map<Integer, long[]> copy = new HashMap<>();
        metrics.forEach((id, counters) -> copy.put(id, new long[] {counters.get(0), counters.get(1)}));
        return copy;
    }

    private RemoteStream bound(RemoteStream stream, String operator, String what) {
        if (stream == null) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s: the driver bound no stream to %s of stage %s; this is a bug in Weft"
                    .formatted(operator, what, request.key()));
        }
        return stream;
    }

    @Override
    public String toString() {
        return "HostStage[%s]".formatted(request.key());
    }
}
