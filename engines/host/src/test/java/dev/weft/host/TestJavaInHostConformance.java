package dev.weft.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.WeftException;
import dev.weft.api.spi.EngineProvider;
import dev.weft.api.Pipeline;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.weft.conformance.EngineConformanceTest;
import dev.weft.host.testing.JavaInHostEngineProvider;

/** The conformance suite through a real engine host JVM (one per class), every pipeline as one stage. */
class TestJavaInHostConformance extends EngineConformanceTest {
    /**
     * An anonymous Iterator class captures the test instance (not Serializable): no engine host can ship it. The codec must say so, naming the operator.
     */
    @Test
    void anonymousMapPartitionsFunctionIsRefusedNamingTheOperator() {
        Pipeline pipeline = pipeline();
        pipeline.fromCollection(List.of(1L, 2L), Long.class).mapPartitions(partition -> new Iterator<Long>() {
            @Override
            public boolean hasNext() {
                return partition.hasNext();
            }

            @Override
            public Long next() {
                return partition.next();
            }
        }, Long.class).collect();
        WeftException error = runFailing(pipeline);
        assertThat(error.getMessage()).contains("(map-partitions) cannot be shipped to an engine host").contains("not Serializable");
    }

    @Override
    protected EngineProvider provider() {
        return new JavaInHostEngineProvider();
    }
}
