package dev.weft.api.spi;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Settings every engine honours: parallelism (partitions run at once), the memory budget for operator state
 * (beyond it, aggregations and sorts spill to {@code spillDirectory}), and the target rows per Arrow batch.
 */
public record ExecutionSettings(int parallelism, long memoryBudgetBytes, Path spillDirectory, int batchSize) {
    public ExecutionSettings {
        requireNonNull(spillDirectory, "spillDirectory is null");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        if (memoryBudgetBytes < 1 << 20) {
            throw new IllegalArgumentException("memory budget must be at least 1 MiB, got " + memoryBudgetBytes);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }
}
