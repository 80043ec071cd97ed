package dev.weft.api;

import static dev.weft.api.expr.Expressions.avg;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.sum;
import static dev.weft.api.expr.Expressions.upper;
import static dev.weft.api.expr.Expressions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.JoinType;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.Window;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

class TestDataset {
    record Order(long id, String customer, double amount, BigDecimal tax) {}

    record Customer(String customer, String country) {}

    record Event(String user, Instant at) {}

    private final Pipeline pipeline = Pipeline.create("test");

    private Dataset<Order> orders() {
        return pipeline.fromCollection(List.of(new Order(1, "a", 10.0, BigDecimal.ONE)), Order.class);
    }

    @Test
    void operatorsKnowTheirCallSiteAndSchema() {
        Dataset<Row> totals = orders().filter(col("amount").gt(5))
                .groupBy("customer").aggregate(sum("amount").as("total"), count().as("orders"), avg("tax").as("avg_tax"));
        LogicalOperator aggregate = totals.operator();
        assertThat(aggregate).isInstanceOf(AggregateOperator.class);
        assertThat(aggregate.callSite().fileName()).isEqualTo("TestDataset.java");
        assertThat(aggregate.callSite().className()).isEqualTo(TestDataset.class.getName());
        assertThat(totals.schema().getFields()).extracting(Field::getName).containsExactly("customer", "total", "orders", "avg_tax");
        assertThat(totals.schema().getFields().get(1).getType()).isEqualTo(DataTypes.FLOAT64);
        assertThat(totals.schema().getFields().get(2).getType()).isEqualTo(DataTypes.INT64);
        assertThat(totals.schema().getFields().get(3).getType()).isEqualTo(DataTypes.decimal(38, 18));
        assertThat(aggregate.output().bounded()).isTrue();
    }

    @Test
    void unknownColumnNamesOperatorAndCallSite() {
        assertThatThrownBy(() -> orders().filter(col("amout").gt(5)))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("unknown column 'amout'")
                .hasMessageContaining("[id, customer, amount, tax]")
                .hasMessageContaining("operator 'filter#")
                .hasMessageContaining("TestDataset.java:")
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.UNKNOWN_COLUMN));
        assertThatThrownBy(() -> orders().select(col("Customer")))
                .hasMessageContaining("did you mean 'customer'?");
    }

    @Test
    void typeMismatchesAreReported() {
        assertThatThrownBy(() -> orders().filter(col("customer").gt(5)))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("cannot compare string with int")
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH));
        assertThatThrownBy(() -> orders().filter(col("amount").plus(1)))
                .hasMessageContaining("is double, not boolean");
        assertThatThrownBy(() -> orders().select(upper(col("amount")).as("x")))
                .hasMessageContaining("argument 1 of UPPER must be string, got double");
        assertThatThrownBy(() -> orders().groupBy("customer").aggregate(sum("customer")))
                .hasMessageContaining("sum needs a number, got string");
        assertThatThrownBy(() -> orders().select(when(col("amount").gt(1), "big").otherwise(3).as("size")))
                .hasMessageContaining("branches have different types");
    }

    @Test
    void aggregatesOnlyWhereTheyBelong() {
        assertThatThrownBy(() -> orders().filter(sum("amount").gt(3))).hasMessageContaining("is not allowed in filter");
        assertThatThrownBy(() -> orders().groupBy("customer").aggregate(col("amount").as("x")))
                .hasMessageContaining("is not an aggregate");
        assertThatThrownBy(() -> orders().select(col("amount").plus(1))).hasMessageContaining("needs a name");
    }

    @Test
    void joinSchemaDropsUsingColumnAndRejectsClashes() {
        Dataset<Customer> customers = pipeline.fromCollection(List.of(new Customer("a", "NL")), Customer.class);
        Dataset<Row> joined = orders().join(customers, JoinKeys.using("customer"));
        assertThat(joined.schema().getFields()).extracting(Field::getName).containsExactly("id", "customer", "amount", "tax", "country");
        Dataset<Row> left = orders().join(customers, JoinType.LEFT, JoinKeys.using("customer"));
        assertThat(left.schema().findField("country").isNullable()).isTrue();
        Dataset<Order> semi = orders().semiJoin(customers, JoinKeys.using("customer"));
        assertThat(semi.schema()).isEqualTo(orders().schema());
        assertThatThrownBy(() -> orders().join(orders(), JoinKeys.using("id")))
                .hasMessageContaining("column 'customer' is on both sides of the join");
        assertThatThrownBy(() -> orders().join(customers, JoinKeys.on("id", "customer")))
                .hasMessageContaining("cannot be compared");
    }

    @Test
    void unboundedAggregationWithoutWindowIsRejectedAtPlan() {
        pipeline.generateUnbounded(100).groupBy(col("value").mod(10L).as("bucket")).count().collect();
        assertThatThrownBy(pipeline::plan)
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("aggregate over an unbounded input never completes")
                .hasMessageContaining("TestDataset.java")
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.UNBOUNDED_AGGREGATION));
    }

    @Test
    void windowedAggregationOverUnboundedInputIsAccepted() {
        Dataset<Event> events = pipeline.fromCollection(List.of(new Event("u", Instant.EPOCH)), Event.class);
        Dataset<Row> perMinute = events.withWatermark("at", Duration.ofSeconds(5))
                .groupBy("user").window(Window.tumbling(Duration.ofMinutes(1))).count();
        assertThat(perMinute.schema().getFields()).extracting(Field::getName).containsExactly("window_start", "window_end", "user", "count");
        assertThat(perMinute.operator().inputs().get(0).output().eventTime()).isPresent();
        perMinute.collect();
        assertThat(pipeline.plan().operators()).hasSize(4);
    }

    @Test
    void planNeedsASinkAndIsTopologicallyOrdered() {
        assertThatThrownBy(pipeline::plan).hasMessageContaining("has no sink");
        Dataset<Order> shared = orders();
        shared.union(shared.filter(col("amount").gt(1))).collect();
        Plan plan = pipeline.plan();
        assertThat(plan.operators()).hasSize(4);
        assertThat(plan.operators().get(0)).isSameAs(shared.operator());
        assertThat(plan.toString()).contains("union").contains("(see above)");
    }

    @Test
    void namedKeepsEverythingButTheName() {
        Dataset<Order> named = orders().filter(col("amount").gt(lit(1.0))).named("big orders");
        assertThat(named.operator().name()).isEqualTo("big orders");
        assertThat(named.operator().kind()).isEqualTo("filter");
        assertThat(named.operator().inputs()).hasSize(1);
    }

    @Test
    void asConvertsRowsToRecordsByName() {
        Dataset<Row> rows = orders().select(col("customer"), col("amount").times(2).as("amount"), col("id"), col("tax"));
        Dataset<Order> back = rows.as(Order.class);
        assertThat(back.schema()).isEqualTo(orders().schema());
        assertThatThrownBy(() -> orders().select(col("id")).as(Order.class)).hasMessageContaining("no column 'customer'");
    }
}
