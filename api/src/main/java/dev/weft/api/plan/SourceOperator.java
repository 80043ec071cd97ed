package dev.weft.api.plan;

import java.util.List;

/** An operator without inputs. */
public sealed interface SourceOperator extends LogicalOperator
        permits CollectionSource, TextFileSource, CsvFileSource, TpchSource, GeneratorSource, JdbcSource, KafkaSource, LoopInput,
        StageInputSource {
    @Override
    default List<LogicalOperator> inputs() {
        return List.of();
    }

    @Override
    default LogicalOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 0, this);
        return this;
    }
}
