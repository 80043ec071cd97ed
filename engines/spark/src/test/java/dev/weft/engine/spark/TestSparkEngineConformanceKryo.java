package dev.weft.engine.spark;

import dev.weft.api.spi.EngineProvider;
import dev.weft.conformance.EngineConformanceTest;
import java.util.Map;

/** The conformance suite with Spark's Kryo serializer (weft.spark.serializer=kryo) for shuffles and cached blocks. */
class TestSparkEngineConformanceKryo extends EngineConformanceTest {
    @Override
    protected EngineProvider provider() {
        return new SparkEngineProvider(Map.of(SparkConfs.SERIALIZER, "kryo"));
    }
}
