package dev.weft.api.plan;

/** A terminal operator: its output edge is its input's. */
public sealed interface SinkOperator extends LogicalOperator permits CollectSink, CallbackSink, TextFileSink, CsvFileSink, JdbcSink, KafkaSink,
        StageOutputSink {
    LogicalOperator input();
}
