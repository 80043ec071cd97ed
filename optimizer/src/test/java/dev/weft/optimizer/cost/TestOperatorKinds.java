package dev.weft.optimizer.cost;

import static dev.weft.api.expr.Expressions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.expr.SortKey;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.FlatMapOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.TopKOperator;
import dev.weft.api.plan.TpchSource;
import dev.weft.api.plan.ZipWithIdOperator;
import dev.weft.api.spi.EngineCapabilities;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestOperatorKinds {
    @Test
    void namesEveryConcreteOperatorOnce() {
        assertThat(OperatorKinds.all())
                .doesNotHaveDuplicates()
                .hasSize(39)
                .contains("map", "flat-map", "filter", "project", "map-partitions", "top-k", "zip-with-id", "co-group", "do-while",
                        "reduce-by-key", "tpch-source", "csv-file-source", "text-file-source", "collection-source", "generator-source",
                        "loop-input", "stage-input-source", "collect-sink", "callback-sink", "stage-output-sink", "repeat")
                .doesNotContain("source", "sink");
        assertThat(OperatorKinds.all().get(0)).endsWith("-source");
    }

    @Test
    void kindOfAClassIsTheKindOfItsInstances() {
        Pipeline pipeline = Pipeline.create("kinds");
        Dataset<Long> numbers = pipeline.generate(10, 0);
        Dataset<Long> sorted = numbers.map(value -> value + 1, Long.class).sort(SortKey.ascending(col("value")));
        sorted.join(pipeline.generate(5, 0), JoinKeys.using("value")).count().collect();
        sorted.topK(3, SortKey.descending(col("value"))).zipWithId().collect();
        pipeline.readTpch("nation", 1).distinct().limit(2).collect();

        for (LogicalOperator operator : pipeline.plan().operators()) {
            assertThat(OperatorKinds.of(operator.getClass())).as(operator.toString()).isEqualTo(operator.kind());
            assertThat(OperatorKinds.isKnown(operator.kind())).isTrue();
            assertThat(OperatorKinds.type(operator.kind())).contains(operator.getClass());
        }
        assertThat(OperatorKinds.of(TopKOperator.class)).isEqualTo("top-k");
        assertThat(OperatorKinds.of(ZipWithIdOperator.class)).isEqualTo("zip-with-id");
        assertThat(OperatorKinds.of(DoWhileOperator.class)).isEqualTo("do-while");
        assertThat(OperatorKinds.of(TpchSource.class)).isEqualTo("tpch-source");
        assertThat(OperatorKinds.type("flatmap")).isEmpty();
    }

    @Test
    void supportedKindsFollowCapabilities() {
        EngineCapabilities narrow = new EngineCapabilities(Set.of(MapOperator.class, FlatMapOperator.class, CollectSink.class), true, false, true);
        EngineCapabilities sources = new EngineCapabilities(Set.of(SourceOperator.class, SinkOperator.class), true, false, true);

        assertThat(OperatorKinds.supportedBy(narrow)).containsExactly("collect-sink", "map", "flat-map");  // sources, sinks, then the others, as declared
        assertThat(OperatorKinds.supportedBy(sources))
                .contains("tpch-source", "loop-input", "stage-input-source", "collect-sink", "stage-output-sink")
                .doesNotContain("map")
                .allMatch(kind -> kind.endsWith("-source") || kind.endsWith("-sink") || kind.equals("loop-input"));
        assertThat(OperatorKinds.supportedBy(new EngineCapabilities(Set.of(LogicalOperator.class), true, true, true)))
                .isEqualTo(OperatorKinds.all());
        assertThat(OperatorKinds.supportedBy(new EngineCapabilities(Set.of(StageInputSource.class), true, true, true)))
                .containsExactly("stage-input-source");
    }
}
