package dev.weft.api.plan;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.spi.Stage;
import dev.weft.api.types.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TestStageSplitter {
    record Order(long id, String customer, double amount) {}

    record Customer(String customer, String country) {}

    private final Pipeline pipeline = Pipeline.create("split");

    private Dataset<Order> orders() {
        return pipeline.fromCollection(List.of(new Order(1, "a", 10.0), new Order(2, "b", 5.0)), Order.class);
    }

    @Test
    void aPlanWithoutExchangesIsOneStage() {
        orders().filter(col("amount").gt(6)).collect();
        List<Stage> stages = StageSplitter.split(pipeline.plan(), "job", 4, StageSplitter::beforeExchange);
        assertThat(stages).hasSize(1);
        assertThat(stages.get(0).id()).isEqualTo("job/stage-1");
        assertThat(stages.get(0).sinks()).singleElement().isInstanceOf(CollectSink.class);
    }

    @Test
    void cutsBeforeEveryExchangeAndOrdersProducersFirst() {
        Dataset<Customer> customers = pipeline.fromCollection(List.of(new Customer("a", "NL")), Customer.class);
        Dataset<Row> totals = orders().filter(col("amount").gt(1)).join(customers, JoinKeys.using("customer"))
                .groupBy("country").aggregate(sum("amount").as("total"));
        totals.sort(col("total").asc()).collect();
        Plan plan = pipeline.plan();

        List<Stage> stages = StageSplitter.split(plan, "job", 3, StageSplitter::beforeExchange);

        // join inputs (2), aggregate input, sort input: four cut edges, five stages
        assertThat(stages).hasSize(5);
        Set<String> written = new TreeSet<>();
        for (Stage stage : stages) {
            for (LogicalOperator operator : stage.operators()) {
                if (operator instanceof StageInputSource input) {
                    assertThat(written).as("%s reads %s before it is written", stage.id(), input.channel()).contains(input.channel());
                }
            }
            for (SinkOperator sink : stage.sinks()) {
                if (sink instanceof StageOutputSink output) {
                    assertThat(output.partitions()).isEqualTo(3);
                    assertThat(output.schema()).isEqualTo(output.input().schema());
                    written.add(output.channel());
                }
            }
        }
        assertThat(written).hasSize(4);
        Stage last = stages.get(stages.size() - 1);
        assertThat(last.sinks()).singleElement().isInstanceOf(CollectSink.class);
        CollectSink collect = (CollectSink) last.sinks().get(0);
        assertThat(collect.id()).isEqualTo(plan.sinks().get(0).id());
        assertThat(collect.input()).isInstanceOf(SortOperator.class);
        assertThat(collect.input().inputs()).singleElement().isInstanceOf(StageInputSource.class);
    }

    @Test
    void aDatasetReadByTwoExchangesIsWrittenOnce() {
        Dataset<Order> shared = orders().filter(col("amount").gt(1));
        shared.groupBy("customer").aggregate(sum("amount").as("total")).collect();
        shared.distinct().collect();

        List<Stage> stages = StageSplitter.split(pipeline.plan(), "job", 2, StageSplitter::beforeExchange);

        List<String> outputs = new ArrayList<>();
        for (Stage stage : stages) {
            stage.sinks().stream().filter(StageOutputSink.class::isInstance).map(s -> ((StageOutputSink) s).channel()).forEach(outputs::add);
        }
        assertThat(outputs).hasSize(1);
        // the two consumers share nothing but the channel: each is a stage of its own
        assertThat(stages).hasSize(3);
        assertThat(stages.get(0).operators()).noneMatch(op -> op instanceof AggregateOperator || op instanceof DistinctOperator);
        assertThat(stages.subList(1, 3)).allSatisfy(stage -> assertThat(stage.sinks()).singleElement().isInstanceOf(CollectSink.class));
    }

    @Test
    void noCutLeavesThePlanAsIs() {
        orders().groupBy("customer").aggregate(sum("amount").as("total")).collect();
        Plan plan = pipeline.plan();
        List<Stage> stages = StageSplitter.split(plan, "j", 2, (producer, consumer) -> false);
        assertThat(stages).singleElement().satisfies(stage -> assertThat(stage.sinks()).isEqualTo(plan.sinks()));
    }
}
