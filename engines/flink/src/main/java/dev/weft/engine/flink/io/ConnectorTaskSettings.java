package dev.weft.engine.flink.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.spi.ExecutionSettings;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a connector's context in a task manager is made of, in a form Flink ships with the job: the stage's execution
 * settings and the host's {@code weft.*} properties.
 */
public record ConnectorTaskSettings(int parallelism, long memoryBudgetBytes, String spillDirectory, int batchSize,
                                    Map<String, String> properties) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ConnectorTaskSettings {
        requireNonNull(spillDirectory, "spillDirectory is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }

    public static ConnectorTaskSettings of(ExecutionSettings settings, Map<String, String> properties) {
        requireNonNull(settings, "settings is null");
        return new ConnectorTaskSettings(settings.parallelism(), settings.memoryBudgetBytes(), settings.spillDirectory().toString(),
                settings.batchSize(), properties);
    }

    public ExecutionSettings execution() {
        return new ExecutionSettings(parallelism, memoryBudgetBytes, Path.of(spillDirectory), batchSize);
    }
}
