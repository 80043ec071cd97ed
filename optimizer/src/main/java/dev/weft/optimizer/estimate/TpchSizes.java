package dev.weft.optimizer.estimate;

import dev.weft.api.plan.TpchTables;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What is known of the TPC-H tables the io.trino.tpch generator produces at a scale factor SF: row counts
 * ({@code (long) (base x SF)}; nation and region fixed at 25 and 5), distinct counts of keys and low-cardinality
 * columns, and average string lengths from the TPC-H specification's value distributions.
 *
 * <p>Every table's count is exact except lineitem's, which draws 1 to 7 lines per order: its interval is
 * {@code 4 x orders +- max(0.2%, 4 sigma)} with sigma = 2 sqrt(orders), confidence {@value #LINEITEM_CONFIDENCE}.
 * Foreign keys have the referenced table's rows as distinct count, except {@code o_custkey}: a third of the customers
 * place no order (2/3 of customer rows). Distinct counts are capped at the table's rows.
 */
public final class TpchSizes {
    public static final double LINEITEM_CONFIDENCE = 0.95;
    static final double LINEITEM_MIN_RELATIVE_SPREAD = 0.002;

    private static final Map<String, Long> BASE_ROWS = new LinkedHashMap<>();
    /** Distinct counts of columns: a fraction of a table's rows, or a fixed number. */
    private static final Map<String, DistinctRule> DISTINCT = new HashMap<>();
    private static final Map<String, Double> STRING_LENGTHS = new HashMap<>();

    static {
        BASE_ROWS.put("region", 5L);
        BASE_ROWS.put("nation", 25L);
        BASE_ROWS.put("part", 200_000L);
        BASE_ROWS.put("supplier", 10_000L);
        BASE_ROWS.put("partsupp", 800_000L);
        BASE_ROWS.put("customer", 150_000L);
        BASE_ROWS.put("orders", 1_500_000L);
        BASE_ROWS.put("lineitem", 6_000_000L);

        keyOf("r_regionkey", "region", 1);
        keyOf("n_nationkey", "nation", 1);
        keyOf("n_regionkey", "region", 1);
        keyOf("p_partkey", "part", 1);
        keyOf("s_suppkey", "supplier", 1);
        keyOf("s_nationkey", "nation", 1);
        keyOf("ps_partkey", "part", 1);
        keyOf("ps_suppkey", "supplier", 1);
        keyOf("c_custkey", "customer", 1);
        keyOf("c_nationkey", "nation", 1);
        keyOf("o_orderkey", "orders", 1);
        keyOf("o_custkey", "customer", 2.0 / 3);
        keyOf("l_orderkey", "orders", 1);
        keyOf("l_partkey", "part", 1);
        keyOf("l_suppkey", "supplier", 1);
        keyOf("c_name", "customer", 1);
        keyOf("s_name", "supplier", 1);
        keyOf("p_name", "part", 1);

        fixed("r_name", 5);
        fixed("n_name", 25);
        fixed("p_mfgr", 5);
        fixed("p_brand", 25);
        fixed("p_type", 150);
        fixed("p_size", 50);
        fixed("p_container", 40);
        fixed("c_mktsegment", 5);
        fixed("o_orderstatus", 3);
        fixed("o_orderpriority", 5);
        fixed("o_shippriority", 1);
        fixed("o_orderdate", 2406);
        fixed("l_linenumber", 7);
        fixed("l_quantity", 50);
        fixed("l_discount", 11);
        fixed("l_tax", 9);
        fixed("l_returnflag", 3);
        fixed("l_linestatus", 2);
        fixed("l_shipinstruct", 4);
        fixed("l_shipmode", 7);
        fixed("l_shipdate", 2526);
        fixed("l_commitdate", 2466);
        fixed("l_receiptdate", 2554);

        // average lengths in bytes (TPC-H specification 4.2.3: random text of a length range averages its middle)
        length(5.8, "r_name");
        length(72.5, "r_comment", "n_comment", "c_comment");
        length(7.1, "n_name");
        length(32.6, "p_name");
        length(14, "p_mfgr");
        length(8, "p_brand");
        length(20.6, "p_type");
        length(7.6, "p_container");
        length(13.5, "p_comment");
        length(18, "s_name", "c_name");
        length(25, "s_address", "c_address");
        length(15, "s_phone", "c_phone");
        length(62.5, "s_comment");
        length(123.5, "ps_comment");
        length(8.6, "c_mktsegment");
        length(1, "o_orderstatus", "l_returnflag", "l_linestatus");
        length(8.4, "o_orderpriority");
        length(15, "o_clerk");
        length(48.5, "o_comment");
        length(12, "l_shipinstruct");
        length(4.3, "l_shipmode");
        length(26.5, "l_comment");
    }

    private TpchSizes() {}

    private static void keyOf(String column, String table, double fraction) {
        DISTINCT.put(column, new DistinctRule(Optional.of(table), fraction));
    }

    private static void fixed(String column, double distinct) {
        DISTINCT.put(column, new DistinctRule(Optional.empty(), distinct));
    }

    private static void length(double bytes, String... columns) {
        for (String column : columns) {
            STRING_LENGTHS.put(column, bytes);
        }
    }

    /** The rows of a table at a scale factor; unknown table: empty. */
    public static Optional<Cardinality> rows(String table, double scaleFactor) {
        String name = table.toLowerCase(Locale.ROOT);
        if (!BASE_ROWS.containsKey(name)) {
            return Optional.empty();
        }
        if (name.equals("lineitem")) {
            double orders = exactRows("orders", scaleFactor);
            double mean = 4 * orders;
            double spread = Math.max(LINEITEM_MIN_RELATIVE_SPREAD * mean, 4 * 2 * Math.sqrt(orders));
            return Optional.of(Cardinality.between(Math.max(0, mean - spread), mean + spread, LINEITEM_CONFIDENCE));
        }
        return Optional.of(Cardinality.exact(exactRows(name, scaleFactor)));
    }

    private static double exactRows(String table, double scaleFactor) {
        long base = BASE_ROWS.get(table);
        if (table.equals("nation") || table.equals("region")) {
            return base;
        }
        return (long) (base * scaleFactor);
    }

    /** Distinct counts of the table's columns where known, capped at the table's rows. */
    public static Map<String, Double> distinctCounts(String table, double scaleFactor) {
        String name = table.toLowerCase(Locale.ROOT);
        Map<String, Double> counts = new HashMap<>();
        Optional<Cardinality> rows = rows(name, scaleFactor);
        if (rows.isEmpty()) {
            return counts;
        }
        for (Field field : TpchTables.schema(name).getFields()) {
            DistinctRule rule = DISTINCT.get(field.getName());
            if (rule != null) {
                double distinct = rule.table().map(t -> Math.max(1, Math.floor(exactRows(t, scaleFactor) * rule.value())))
                        .orElse(rule.value());
                counts.put(field.getName(), Math.min(distinct, Math.max(1, rows.get().upper())));
            }
        }
        return counts;
    }

    /** Bytes per value of each column of the table (string lengths from the specification). */
    public static Map<String, Double> columnWidths(String table) {
        Schema schema = TpchTables.schema(table);
        Map<String, Double> widths = new LinkedHashMap<>();
        for (Field field : schema.getFields()) {
            Double length = STRING_LENGTHS.get(field.getName());
            widths.put(field.getName(), length != null && SchemaWidths.isVariableWidth(field)
                    ? SchemaWidths.variableWidth(field, length) : SchemaWidths.width(field));
        }
        return widths;
    }

    /** rows = the rows of {@code table} x value (table present), or the fixed value. */
    private record DistinctRule(Optional<String> table, double value) {}
}
