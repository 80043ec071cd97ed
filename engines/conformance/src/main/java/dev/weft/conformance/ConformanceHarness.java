package dev.weft.conformance;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.spi.ExecutionSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * What the conformance tests need from the suite: a way to run a pipeline on the engine under test, and a scratch
 * directory. Implemented once, by {@link EngineConformanceTest}; the test interfaces only build pipelines and check
 * answers.
 */
public interface ConformanceHarness {
    /**
     * Runs every sink of the pipeline as one stage on the engine under test and returns what the collect sinks
     * received. Skips the calling test (an assumption, not a failure) when the engine does not declare an operator
     * of the plan. Fails when the stage leaks memory or breaks the SPI contract.
     */
    ConformanceStageContext run(Pipeline pipeline);

    /** Runs a pipeline that must fail during execution, returning the engine's error. */
    WeftException runFailing(Pipeline pipeline);

    /** A fresh empty directory for the current test. */
    Path directory();

    /** The settings the engine under test was created with. */
    ExecutionSettings settings();

    default Pipeline pipeline() {
        return Pipeline.create("conformance");
    }

    /** Collects the dataset, runs its pipeline, and returns the elements. */
    default <T> List<T> collect(Dataset<T> dataset) {
        Collected<T> collected = dataset.collect();
        return run(dataset.pipeline()).elements(collected);
    }
}
