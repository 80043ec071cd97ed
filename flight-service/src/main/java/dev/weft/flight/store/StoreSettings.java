package dev.weft.flight.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How much memory the store may hold and where it spills.
 *
 * @param memoryBudgetBytes bytes of stored batches the store keeps in memory (exact bytes, not rounded)
 * @param spillDirectory where complete, passed or unread data spills to; empty disables spilling
 */
public record StoreSettings(long memoryBudgetBytes, Optional<Path> spillDirectory) {
    public StoreSettings {
        requireNonNull(spillDirectory, "spillDirectory is null");
        if (memoryBudgetBytes <= 0) {
            throw new IllegalArgumentException("memory budget of %d bytes is not positive: give the store at least one byte (e.g. 512 MiB)"
                    .formatted(memoryBudgetBytes));
        }
    }

    public boolean spillEnabled() {
        return spillDirectory.isPresent();
    }
}
