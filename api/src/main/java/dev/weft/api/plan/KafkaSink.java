package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Writes the elements to a Kafka topic in {@code format}, with an idempotent producer and {@code acks=all}; the record
 * key is the value of {@code keyColumn} as a string when it is non-empty (for STRING and BYTES, the {@code key} column),
 * else null. A bounded job ends only after every record is acknowledged.
 */
public record KafkaSink(OperatorInfo info, EdgeProperties output, LogicalOperator input, KafkaTopic topic, KafkaFormat format, String keyColumn)
        implements SinkOperator {
    public KafkaSink {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(format, "format is null");
        requireNonNull(keyColumn, "keyColumn is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public KafkaSink withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new KafkaSink(info, output, inputs.get(0), topic, format, keyColumn);
    }
}
