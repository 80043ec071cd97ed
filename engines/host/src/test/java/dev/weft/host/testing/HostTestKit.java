package dev.weft.host.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.host.driver.HostedEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * What a host test needs around a real host: a leak-checked root allocator, execution settings with a spill directory
 * under the test's directory, hosted engines and driver stage contexts, all closed (in reverse order) by {@link #close}.
 */
public final class HostTestKit implements AutoCloseable {
    private final Path directory;
    private final RootAllocator root = new RootAllocator(Long.MAX_VALUE);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    public HostTestKit(Path directory) {
        this.directory = directory;
    }

    public ExecutionSettings settings() {
        try {
            return new ExecutionSettings(2, 64L << 20, Files.createDirectories(directory.resolve("spill")), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A child of the root allocator, closed with the kit. */
    public BufferAllocator allocator(String name) {
        return remember(root.newChildAllocator(name, 0, Long.MAX_VALUE));
    }

    /** The java-in-host engine with these driver properties, closed with the kit. */
    public HostedEngine engine(Map<String, String> properties) {
        return engine(new JavaInHostEngineProvider(), properties);
    }

    public HostedEngine engine(JavaInHostEngineProvider provider, Map<String, String> properties) {
        BufferAllocator allocator = allocator("engine");
        return remember(provider.createHosted(new EngineContext(allocator, settings(), properties)));
    }

    /** A stage context on a fresh stage allocator, which must be empty when the kit closes. */
    public DriverStageContext context() {
        BufferAllocator stage = root.newChildAllocator("stage", 0, Long.MAX_VALUE);
        closeables.add(() -> {
            assertThat(stage.getAllocatedMemory()).as("stage allocator").isZero();
            stage.close();
        });
        return new DriverStageContext(stage, settings());
    }

    /** Closes {@code closeable} with the kit, before what was remembered earlier. */
    public <T extends AutoCloseable> T remember(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    @Override
    public void close() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        assertThat(root.getAllocatedMemory()).as(root::toVerboseString).isZero();
        root.close();
    }
}
