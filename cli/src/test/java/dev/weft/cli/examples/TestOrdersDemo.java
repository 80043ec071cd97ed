package dev.weft.cli.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import dev.weft.api.Collected;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.JdbcSource;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.KafkaSource;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.TopKOperator;
import dev.weft.api.types.Row;
import dev.weft.optimizer.PlacedPlan;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The README's orders demo end to end: an embedded PostgreSQL holding customers and orders, an embedded Kafka broker
 * holding lineitem events, TPC-H Q3 asked of both. The answer must be the reference one, and the placement must be
 * the point of the demo: the customer/orders join inside PostgreSQL, the topic read and the final ranking on Java.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class TestOrdersDemo {
    private Weft weft;
    private OrdersDemo demo;

    @BeforeAll
    void start() {
        weft = Weft.create(WeftConfig.builder().parallelism(2).build());
        demo = OrdersDemo.start(weft, 0.01);
    }

    @AfterAll
    void stop() {
        if (demo != null) {
            demo.close();
        }
        if (weft != null) {
            weft.close();
        }
    }

    @Test
    void answersTpchQ3FromPostgresAndKafka() throws IOException {
        Pipeline pipeline = Pipeline.create("orders-demo");
        Collected<Row> result = demo.build(pipeline).collect();

        JobHandle job = weft.submit(pipeline);
        job.await();

        TestTpchQueries.assertMatchesReference(3, job.collected(result));
    }

    @Test
    void pushesTheJoinIntoPostgresAndRanksOnJava() {
        Pipeline pipeline = Pipeline.create("orders-demo");
        demo.build(pipeline).collect();

        JobHandle job = weft.submit(pipeline);
        job.await();
        PlacedPlan placed = job.placement();

        List<LogicalOperator> operators = pipeline.plan().operators();
        for (LogicalOperator operator : operators) {
            if (operator instanceof JdbcSource) {
                assertThat(placed.engineOf(operator)).as("%s", operator.info().describe()).isEqualTo("jdbc");
            }
            if (operator instanceof KafkaSource || operator instanceof TopKOperator) {
                assertThat(placed.engineOf(operator)).as("%s", operator.info().describe()).isEqualTo("java");
            }
        }
        JoinOperator customerOrders = (JoinOperator) operators.stream()
                .filter(operator -> operator instanceof JoinOperator join && join.inputs().stream().allMatch(TestOrdersDemo::readsOnlyPostgres))
                .findFirst().orElseThrow();
        assertThat(placed.engineOf(customerOrders)).isEqualTo("jdbc");
        assertThat(weft.explain(pipeline, dev.weft.optimizer.explain.ExplainFormat.TEXT)).contains("jdbc").contains("java");
    }

    private static boolean readsOnlyPostgres(LogicalOperator operator) {
        return operator instanceof JdbcSource
                || !(operator instanceof KafkaSource) && !operator.inputs().isEmpty() && operator.inputs().stream().allMatch(TestOrdersDemo::readsOnlyPostgres);
    }
}
