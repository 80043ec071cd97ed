package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.avg;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.types.Row;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** TPC-H Q1 and Q6 (source, declarative filter, projection, aggregate) against the same sums computed directly. */
class TestTpchQueries extends EngineTestBase {
    private static final double SCALE = 0.01;

    static Collected<Row> q1(Pipeline pipeline) {
        Dataset<Row> lineitem = pipeline.readTpch("lineitem", SCALE);
        return lineitem
                .filter(col("l_shipdate").le(LocalDate.of(1998, 9, 2)))
                .select(col("l_returnflag"), col("l_linestatus"), col("l_quantity"), col("l_extendedprice"), col("l_discount"),
                        col("l_extendedprice").times(lit(1.0).minus(col("l_discount"))).as("disc_price"),
                        col("l_extendedprice").times(lit(1.0).minus(col("l_discount"))).times(lit(1.0).plus(col("l_tax"))).as("charge"))
                .groupBy("l_returnflag", "l_linestatus")
                .aggregate(sum("l_quantity").as("sum_qty"), sum("l_extendedprice").as("sum_base_price"),
                        sum("disc_price").as("sum_disc_price"), sum("charge").as("sum_charge"), avg("l_quantity").as("avg_qty"),
                        avg("l_discount").as("avg_disc"), count().as("count_order"))
                .sort(asc("l_returnflag"), asc("l_linestatus"))
                .collect();
    }

    static Collected<Row> q6(Pipeline pipeline) {
        return pipeline.readTpch("lineitem", SCALE)
                .filter(col("l_shipdate").ge(LocalDate.of(1994, 1, 1))
                        .and(col("l_shipdate").lt(LocalDate.of(1995, 1, 1)))
                        .and(col("l_discount").between(0.05, 0.07))
                        .and(col("l_quantity").lt(24.0)))
                .select(col("l_extendedprice").times(col("l_discount")).as("revenue"))
                .aggregate(sum("revenue").as("revenue"))
                .collect();
    }

    private static Iterable<LineItem> lineItems() {
        return new LineItemGenerator(SCALE, 1, 1);
    }

    @Test
    void q1() {
        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = q1(pipeline);
        List<Row> rows = collect(pipeline, out);

        int cutoff = (int) LocalDate.of(1998, 9, 2).toEpochDay();
        Map<String, double[]> expected = new TreeMap<>();
        for (LineItem item : lineItems()) {
            if (item.getShipDate() <= cutoff) {
                double[] sums = expected.computeIfAbsent(item.getReturnFlag() + item.getStatus(), k -> new double[4]);
                sums[0] += item.getQuantity();
                sums[1] += item.getExtendedPrice() * (1 - item.getDiscount());
                sums[2]++;
                sums[3] += item.getDiscount();
            }
        }
        assertThat(rows).extracting(r -> r.getString("l_returnflag") + r.getString("l_linestatus"))
                .containsExactlyElementsOf(expected.keySet());
        for (Row row : rows) {
            double[] sums = expected.get(row.getString("l_returnflag") + row.getString("l_linestatus"));
            assertThat(row.getDouble("sum_qty")).isCloseTo(sums[0], within(1e-6));
            assertThat(row.getDouble("sum_disc_price")).isCloseTo(sums[1], within(1e-3));
            assertThat(row.getLong("count_order")).isEqualTo((long) sums[2]);
            assertThat(row.getDouble("avg_disc")).isCloseTo(sums[3] / sums[2], within(1e-9));
        }
    }

    @Test
    void q6() {
        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = q6(pipeline);
        List<Row> rows = collect(pipeline, out);

        int from = (int) LocalDate.of(1994, 1, 1).toEpochDay();
        int to = (int) LocalDate.of(1995, 1, 1).toEpochDay();
        double revenue = 0;
        for (LineItem item : lineItems()) {
            if (item.getShipDate() >= from && item.getShipDate() < to && item.getDiscount() >= 0.05 && item.getDiscount() <= 0.07
                    && item.getQuantity() < 24) {
                revenue += item.getExtendedPrice() * item.getDiscount();
            }
        }
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getDouble("revenue")).isCloseTo(revenue, within(1e-4));
    }
}
