package dev.weft.host.testing;

import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.engine.java.JavaEngineProvider;
import dev.weft.host.io.RemoteStreams;
import dev.weft.host.spi.HostSettings;
import dev.weft.host.spi.HostStage;
import dev.weft.host.spi.HostStageRunner;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The test runner "java-in-host": the Java engine inside a host JVM, reading stage inputs and writing outputs and
 * collected rows through remote streams, like Spark's executors and Flink's tasks do. A stage's allocator must be
 * back to 0 when the stage ends (checked, so a leak fails the stage).
 */
public final class JavaInHostRunner implements HostStageRunner {
    public static final String ENGINE = "java-in-host";

    private BufferAllocator allocator;
    private Engine engine;

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public void start(HostSettings settings) {
        allocator = RemoteStreams.allocator(ENGINE);
        engine = new JavaEngineProvider().create(new EngineContext(allocator, settings.execution(), settings.properties()));
    }

    @Override
    public void run(HostStage stage) {
        BufferAllocator stageAllocator = allocator.newChildAllocator(stage.key(), 0, Long.MAX_VALUE);
        try (HostStageContext context = new HostStageContext(stage, stageAllocator)) {
            engine.execute(stage.stage(), context);
            context.complete();
        } finally {
            if (stageAllocator.getAllocatedMemory() != 0) {
                throw new IllegalStateException("stage %s leaked %d bytes:%n%s".formatted(stage.key(), stageAllocator.getAllocatedMemory(),
                        stageAllocator.toVerboseString()));
            }
            stageAllocator.close();
        }
    }

    @Override
    public void cancel(String stageKey) {
        // the Java engine polls StageContext.isCancelled(), which reads HostStage.isCancelled()
    }

    @Override
    public String describe() {
        return "java engine in host pid %d".formatted(ProcessHandle.current().pid());
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        if (allocator != null) {
            allocator.close();
        }
    }
}
