package dev.weft.engine.flink.cluster;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/** Where the engine host runs Flink jobs: its own MiniCluster or a remote cluster. Started once, reused by every stage. */
public interface FlinkCluster extends AutoCloseable {
    /** A fresh environment for one job (jobs never share an environment). */
    StreamExecutionEnvironment environment();

    /** Submits the job built in {@code environment}; returns at once. */
    RunningJob submit(StreamExecutionEnvironment environment, StreamGraph graph);

    /** "flink MiniCluster (4 slots)" or "flink remote h:p". */
    String describe();

    @Override
    void close();
}
