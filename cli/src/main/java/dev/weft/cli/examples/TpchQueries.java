package dev.weft.cli.examples;

import static dev.weft.api.expr.Expressions.and;
import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.avg;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.desc;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.or;
import static dev.weft.api.expr.Expressions.sum;
import static dev.weft.api.expr.Expressions.when;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.expr.Expression;
import dev.weft.api.types.Row;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * TPC-H queries 1, 3, 5, 6, 10, 12, 14 and 19 written with the fluent API, following the SQL of the io.trino.tpch
 * generator ({@code io/trino/tpch/queries/qN.sql}): the output columns are named and ordered as the SELECT list, the
 * rows as the ORDER BY and LIMIT. Money and quantities are doubles (see {@link dev.weft.api.plan.TpchTables}); dates
 * of the SQL's interval arithmetic are computed here in Java.
 *
 * <p>Run one with {@code ./weft run tpch --query 5 --scale 0.1 --format table}.
 */
public final class TpchQueries {
    /** The query numbers {@link #query} knows, in order. */
    public static final List<Integer> SUPPORTED = List.of(1, 3, 5, 6, 10, 12, 14, 19);

    private TpchQueries() {}

    /** The pipeline of TPC-H query {@code number} on tables generated at {@code scaleFactor}. */
    public static Dataset<Row> query(Pipeline pipeline, int number, double scaleFactor) {
        return switch (number) {
            case 1 -> q1(pipeline, scaleFactor);
            case 3 -> q3(pipeline, scaleFactor);
            case 5 -> q5(pipeline, scaleFactor);
            case 6 -> q6(pipeline, scaleFactor);
            case 10 -> q10(pipeline, scaleFactor);
            case 12 -> q12(pipeline, scaleFactor);
            case 14 -> q14(pipeline, scaleFactor);
            case 19 -> q19(pipeline, scaleFactor);
            default -> throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "TPC-H query %d is not one of the examples; choose one of %s".formatted(number, SUPPORTED));
        };
    }

    /** {@code l_extendedprice * (1 - l_discount)}. */
    private static Expression discountedPrice() {
        return col("l_extendedprice").times(lit(1.0).minus(col("l_discount")));
    }

    /** Pricing summary report. */
    private static Dataset<Row> q1(Pipeline pipeline, double scaleFactor) {
        LocalDate shippedBy = LocalDate.parse("1998-12-01").minusDays(90);
        return pipeline.readTpch("lineitem", scaleFactor)
                .filter(col("l_shipdate").le(shippedBy))
                .groupBy("l_returnflag", "l_linestatus")
                .aggregate(
                        sum("l_quantity").as("sum_qty"),
                        sum("l_extendedprice").as("sum_base_price"),
                        sum(discountedPrice()).as("sum_disc_price"),
                        sum(discountedPrice().times(lit(1.0).plus(col("l_tax")))).as("sum_charge"),
                        avg("l_quantity").as("avg_qty"),
                        avg("l_extendedprice").as("avg_price"),
                        avg("l_discount").as("avg_disc"),
                        count().as("count_order"))
                .sort(asc("l_returnflag"), asc("l_linestatus"));
    }

    /** Shipping priority: the 10 unshipped orders of the BUILDING segment with the highest revenue. */
    private static Dataset<Row> q3(Pipeline pipeline, double scaleFactor) {
        LocalDate date = LocalDate.parse("1995-03-15");
        Dataset<Row> customers = pipeline.readTpch("customer", scaleFactor)
                .filter(col("c_mktsegment").eq("BUILDING"))
                .select("c_custkey");
        Dataset<Row> orders = pipeline.readTpch("orders", scaleFactor)
                .filter(col("o_orderdate").lt(date))
                .select("o_orderkey", "o_custkey", "o_orderdate", "o_shippriority")
                .join(customers, JoinKeys.on("o_custkey", "c_custkey"));
        return pipeline.readTpch("lineitem", scaleFactor)
                .filter(col("l_shipdate").gt(date))
                .select("l_orderkey", "l_extendedprice", "l_discount")
                .join(orders, JoinKeys.on("l_orderkey", "o_orderkey"))
                .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
                .aggregate(sum(discountedPrice()).as("revenue"))
                .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
                .topK(10, desc("revenue"), asc("o_orderdate"));
    }

    /** Local supplier volume: revenue in 1994 through suppliers of the customer's own nation, per ASIA nation. */
    private static Dataset<Row> q5(Pipeline pipeline, double scaleFactor) {
        LocalDate start = LocalDate.parse("1994-01-01");
        Dataset<Row> nations = pipeline.readTpch("nation", scaleFactor)
                .join(pipeline.readTpch("region", scaleFactor).filter(col("r_name").eq("ASIA")),
                        JoinKeys.on("n_regionkey", "r_regionkey"))
                .select("n_nationkey", "n_name");
        Dataset<Row> suppliers = pipeline.readTpch("supplier", scaleFactor)
                .select("s_suppkey", "s_nationkey")
                .join(nations, JoinKeys.on("s_nationkey", "n_nationkey"))
                .select("s_suppkey", "s_nationkey", "n_name");
        Dataset<Row> orders = pipeline.readTpch("orders", scaleFactor)
                .filter(col("o_orderdate").ge(start).and(col("o_orderdate").lt(start.plusYears(1))))
                .select("o_orderkey", "o_custkey")
                .join(pipeline.readTpch("customer", scaleFactor).select("c_custkey", "c_nationkey"),
                        JoinKeys.on("o_custkey", "c_custkey"))
                .select("o_orderkey", "c_nationkey");
        return pipeline.readTpch("lineitem", scaleFactor)
                .select("l_orderkey", "l_suppkey", "l_extendedprice", "l_discount")
                .join(orders, JoinKeys.on("l_orderkey", "o_orderkey"))
                .join(suppliers, JoinKeys.on("l_suppkey", "s_suppkey").and("c_nationkey", "s_nationkey"))
                .groupBy("n_name")
                .aggregate(sum(discountedPrice()).as("revenue"))
                .sort(desc("revenue"));
    }

    /** Forecasting revenue change: revenue of 1994's small-quantity lines discounted by 5 to 7 percent. */
    private static Dataset<Row> q6(Pipeline pipeline, double scaleFactor) {
        LocalDate start = LocalDate.parse("1994-01-01");
        // decimal '0.06' -/+ decimal '0.01' computed exactly: in double arithmetic 0.06 + 0.01 < 0.07
        BigDecimal discount = new BigDecimal("0.06");
        BigDecimal delta = new BigDecimal("0.01");
        return pipeline.readTpch("lineitem", scaleFactor)
                .filter(and(
                        col("l_shipdate").ge(start),
                        col("l_shipdate").lt(start.plusYears(1)),
                        col("l_discount").between(discount.subtract(delta).doubleValue(), discount.add(delta).doubleValue()),
                        col("l_quantity").lt(24.0)))
                .aggregate(sum(col("l_extendedprice").times(col("l_discount"))).as("revenue"));
    }

    /** Returned item reporting: the 20 customers who lost the most revenue to returns in 1993's last quarter. */
    private static Dataset<Row> q10(Pipeline pipeline, double scaleFactor) {
        LocalDate start = LocalDate.parse("1993-10-01");
        Dataset<Row> orders = pipeline.readTpch("orders", scaleFactor)
                .filter(col("o_orderdate").ge(start).and(col("o_orderdate").lt(start.plusMonths(3))))
                .select("o_orderkey", "o_custkey");
        Dataset<Row> customers = pipeline.readTpch("customer", scaleFactor)
                .join(pipeline.readTpch("nation", scaleFactor).select("n_nationkey", "n_name"),
                        JoinKeys.on("c_nationkey", "n_nationkey"))
                .select("c_custkey", "c_name", "c_acctbal", "c_phone", "n_name", "c_address", "c_comment");
        return pipeline.readTpch("lineitem", scaleFactor)
                .filter(col("l_returnflag").eq("R"))
                .select("l_orderkey", "l_extendedprice", "l_discount")
                .join(orders, JoinKeys.on("l_orderkey", "o_orderkey"))
                .join(customers, JoinKeys.on("o_custkey", "c_custkey"))
                .groupBy("c_custkey", "c_name", "c_acctbal", "c_phone", "n_name", "c_address", "c_comment")
                .aggregate(sum(discountedPrice()).as("revenue"))
                .select("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address", "c_phone", "c_comment")
                .topK(20, desc("revenue"));
    }

    /** Shipping modes and order priority: late MAIL and SHIP lines received in 1994, by order priority. */
    private static Dataset<Row> q12(Pipeline pipeline, double scaleFactor) {
        LocalDate start = LocalDate.parse("1994-01-01");
        Expression urgent = or(col("o_orderpriority").eq("1-URGENT"), col("o_orderpriority").eq("2-HIGH"));
        Expression notUrgent = and(col("o_orderpriority").ne("1-URGENT"), col("o_orderpriority").ne("2-HIGH"));
        return pipeline.readTpch("lineitem", scaleFactor)
                .filter(and(
                        col("l_shipmode").in("MAIL", "SHIP"),
                        col("l_commitdate").lt(col("l_receiptdate")),
                        col("l_shipdate").lt(col("l_commitdate")),
                        col("l_receiptdate").ge(start),
                        col("l_receiptdate").lt(start.plusYears(1))))
                .select("l_orderkey", "l_shipmode")
                .join(pipeline.readTpch("orders", scaleFactor).select("o_orderkey", "o_orderpriority"),
                        JoinKeys.on("l_orderkey", "o_orderkey"))
                .groupBy("l_shipmode")
                .aggregate(
                        sum(when(urgent, 1).otherwise(0)).as("high_line_count"),
                        sum(when(notUrgent, 1).otherwise(0)).as("low_line_count"))
                .sort(asc("l_shipmode"));
    }

    /** Promotion effect: the percentage of September 1995's revenue from promoted parts. */
    private static Dataset<Row> q14(Pipeline pipeline, double scaleFactor) {
        LocalDate start = LocalDate.parse("1995-09-01");
        return pipeline.readTpch("lineitem", scaleFactor)
                .filter(col("l_shipdate").ge(start).and(col("l_shipdate").lt(start.plusMonths(1))))
                .select("l_partkey", "l_extendedprice", "l_discount")
                .join(pipeline.readTpch("part", scaleFactor).select("p_partkey", "p_type"),
                        JoinKeys.on("l_partkey", "p_partkey"))
                .aggregate(
                        sum(when(col("p_type").like("PROMO%"), discountedPrice()).otherwise(0.0)).as("promo_revenue_sum"),
                        sum(discountedPrice()).as("revenue_sum"))
                .select(lit(100.0).times(col("promo_revenue_sum")).dividedBy(col("revenue_sum")).as("promo_revenue"));
    }

    /** Discounted revenue: air shipments delivered in person of three brand, container, size and quantity bands. */
    private static Dataset<Row> q19(Pipeline pipeline, double scaleFactor) {
        return pipeline.readTpch("lineitem", scaleFactor)
                // the conditions all three disjuncts share, applied before the join
                .filter(and(
                        col("l_shipmode").in("AIR", "AIR REG"),
                        col("l_shipinstruct").eq("DELIVER IN PERSON")))
                .select("l_partkey", "l_quantity", "l_extendedprice", "l_discount")
                .join(pipeline.readTpch("part", scaleFactor).select("p_partkey", "p_brand", "p_container", "p_size"),
                        JoinKeys.on("l_partkey", "p_partkey"))
                .filter(or(
                        band("Brand#12", List.of("SM CASE", "SM BOX", "SM PACK", "SM PKG"), 1, 5),
                        band("Brand#23", List.of("MED BAG", "MED BOX", "MED PKG", "MED PACK"), 10, 10),
                        band("Brand#34", List.of("LG CASE", "LG BOX", "LG PACK", "LG PKG"), 20, 15)))
                .aggregate(sum(discountedPrice()).as("revenue"));
    }

    /** One disjunct of Q19: a brand, its containers, quantity in [minimum, minimum + 10], size in [1, maxSize]. */
    private static Expression band(String brand, List<String> containers, int minimumQuantity, int maxSize) {
        return and(
                col("p_brand").eq(brand),
                col("p_container").in(containers.toArray()),
                col("l_quantity").ge((double) minimumQuantity),
                col("l_quantity").le((double) (minimumQuantity + 10)),
                col("p_size").between(1, maxSize));
    }

    /** Prints query {@code args[0]} at scale factor {@code args[1]} (default 0.01), one row per line. */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java dev.weft.cli.examples.TpchQueries QUERY [SCALE_FACTOR]");
            System.exit(2);
        }
        int number = Integer.parseInt(args[0]);
        double scaleFactor = args.length > 1 ? Double.parseDouble(args[1]) : 0.01;
        try (Weft weft = Weft.create()) {
            Pipeline pipeline = Pipeline.create("tpch-q" + number);
            Collected<Row> rows = query(pipeline, number, scaleFactor).collect();
            JobHandle job = weft.submit(pipeline);
            job.await();
            job.collected(rows).forEach(System.out::println);
        }
    }
}
