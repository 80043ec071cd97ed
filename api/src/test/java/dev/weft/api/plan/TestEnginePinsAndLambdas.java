package dev.weft.api.plan;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Dataset;
import dev.weft.api.Engine;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.function.Hints;
import dev.weft.api.spi.EngineCapabilities;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestEnginePinsAndLambdas {
    public record Order(long id, String customer, double amount) {}

    private static Dataset<Order> orders(Pipeline pipeline) {
        return pipeline.fromCollection(List.of(new Order(1, "a", 10.0), new Order(2, "b", 5.0)), Order.class);
    }

    @Test
    void anOperatorPinWinsOverThePipelinePin() {
        Pipeline pipeline = Pipeline.create("pins").on(Engine.JAVA);
        Dataset<Order> source = orders(pipeline);
        Dataset<Order> big = source.filter(col("amount").gt(lit(6.0))).on(Engine.SPARK);
        big.collect();

        Plan plan = pipeline.plan();
        assertThat(plan.pins().of(big.operator())).contains("spark");
        assertThat(plan.pins().pinsOperator(big.operator())).isTrue();
        assertThat(plan.pins().of(source.operator())).contains("java");
        assertThat(plan.pins().pinsOperator(source.operator())).isFalse();
    }

    @Test
    void aPinSurvivesNamingTheOperatorAfterwards() {
        Pipeline pipeline = Pipeline.create("pins");
        Dataset<Order> named = orders(pipeline).on(Engine.named("flink")).named("orders");
        named.collect();

        assertThat(pipeline.plan().pins().of(named.operator())).contains("flink");
    }

    @Test
    void anUnpinnedPlanHasNoPins() {
        Pipeline pipeline = Pipeline.create("free");
        orders(pipeline).collect();

        assertThat(pipeline.plan().pins().isEmpty()).isTrue();
        assertThat(pipeline.plan().pins().of(pipeline.plan().sinks().get(0))).isEqualTo(Optional.empty());
    }

    @Test
    void anEngineNameIsChecked() {
        assertThatThrownBy(() -> Engine.named("Spark 4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Spark 4'").hasMessageContaining("lower-case");
    }

    @Test
    void lambdasAreToldApartFromDeclarativeLogic() {
        Pipeline pipeline = Pipeline.create("logic");
        Dataset<Order> source = orders(pipeline);
        Dataset<Order> declarative = source.filter(col("amount").gt(lit(6.0)));
        Dataset<Order> lambda = source.filter(order -> order.amount() > 6);
        Dataset<String> mapped = source.map(Order::customer, String.class);
        Dataset<Order> looped = source.repeat(2, body -> body.filter(col("amount").gt(lit(1.0))));

        assertThat(Lambdas.uses(source.operator())).isFalse();
        assertThat(Lambdas.uses(declarative.operator())).isFalse();
        assertThat(Lambdas.uses(lambda.operator())).isTrue();
        assertThat(Lambdas.uses(mapped.operator())).isTrue();
        assertThat(Lambdas.uses(looped.operator())).isFalse();
        assertThat(Lambdas.uses(source.repeat(2, body -> body.filter(o -> true)).operator())).isTrue();
    }

    @Test
    void aDeclarativeOnlyEngineRefusesLambdas() {
        Pipeline pipeline = Pipeline.create("logic");
        Dataset<Order> source = orders(pipeline);
        EngineCapabilities sql = new EngineCapabilities(Set.of(FilterOperator.class, CollectionSource.class), true, false, false);

        assertThat(sql.supports(source.operator())).isTrue();
        assertThat(sql.supports(source.filter(col("amount").gt(lit(6.0))).operator())).isTrue();
        assertThat(sql.supports(source.filter(order -> true).operator())).isFalse();
    }

    @Test
    void anSqlEngineRunsALambdaOnlyThroughItsSqlEquivalent() {
        Pipeline pipeline = Pipeline.create("hints");
        Dataset<Order> source = orders(pipeline);
        Set<Class<? extends LogicalOperator>> kinds = Set.of(FilterOperator.class, MapOperator.class, CollectionSource.class);
        EngineCapabilities sql = new EngineCapabilities(kinds, true, false, false, Set.of(), true);
        EngineCapabilities plain = new EngineCapabilities(kinds, true, false, false);
        Dataset<Order> hinted = source.filter(order -> order.amount() > 6, Hints.sql("\"amount\" > 6"));
        Dataset<Order> bare = source.filter(order -> order.amount() > 6, Hints.selectivity(0.1, 0.5));
        Dataset<String> mapped = source.map(Order::customer, String.class, Hints.sql("\"customer\""));

        assertThat(Lambdas.allHaveSqlEquivalents(hinted.operator())).isTrue();
        assertThat(Lambdas.allHaveSqlEquivalents(bare.operator())).isFalse();
        assertThat(Lambdas.allHaveSqlEquivalents(source.repeat(2, body -> body.filter(o -> true, Hints.sql("true"))).operator()))
                .isFalse();
        assertThat(sql.supports(hinted.operator())).isTrue();
        assertThat(sql.supports(mapped.operator())).isTrue();
        assertThat(sql.supports(bare.operator())).isFalse();
        assertThat(plain.supports(hinted.operator())).isFalse();
    }

    @Test
    void explainWithoutTheDriverNamesTheArtifactToAdd() {
        Pipeline pipeline = Pipeline.create("alone");
        orders(pipeline).collect();

        assertThatThrownBy(pipeline::explain).isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.NO_ENGINE))
                .hasMessageContaining("dev.weft:weft-adaptive");
    }
}
