package dev.weft.host.server;

import static java.util.Objects.requireNonNull;

import dev.weft.api.spi.ExecutionSettings;
import dev.weft.channels.flight.RemoteStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the driver sends with run-stage: the stage's key, the stage encoded by {@code StageCodec}, the execution
 * settings (the host spills to its own directory), and where each stage input (by channel), stage output (by channel)
 * and collect sink (by operator id) is.
 */
public record RunStageRequest(String key, byte[] stage, int parallelism, long memoryBudgetBytes, int batchSize,
                              Map<String, RemoteStream> inputs, Map<String, RemoteStream> outputs,
                              Map<Integer, RemoteStream> collects) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public RunStageRequest {
        requireNonNull(key, "key is null");
        requireNonNull(stage, "stage is null");
        inputs = Map.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = Map.copyOf(requireNonNull(outputs, "outputs is null"));
        collects = Map.copyOf(requireNonNull(collects, "collects is null"));
    }

    public ExecutionSettings settings(Path spillDirectory) {
        return new ExecutionSettings(parallelism, memoryBudgetBytes, spillDirectory, batchSize);
    }

    @Override
    public String toString() {
        return "RunStageRequest[%s, %d bytes, inputs=%s, outputs=%s, collects=%s]".formatted(key, stage.length, inputs.keySet(), outputs.keySet(), collects.keySet());
    }
}
