package dev.weft.optimizer.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.plan.TpchTables;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestTpchSizes {
    @Test
    void rowCountsScaleLikeTheGenerator() {
        assertThat(TpchSizes.rows("orders", 0.01).orElseThrow()).isEqualTo(Cardinality.exact(15_000));
        assertThat(TpchSizes.rows("PART", 2).orElseThrow()).isEqualTo(Cardinality.exact(400_000));
        assertThat(TpchSizes.rows("partsupp", 1).orElseThrow()).isEqualTo(Cardinality.exact(800_000));
        assertThat(TpchSizes.rows("supplier", 0.001).orElseThrow()).isEqualTo(Cardinality.exact(10));
        assertThat(TpchSizes.rows("region", 100).orElseThrow()).isEqualTo(Cardinality.exact(5));
        assertThat(TpchSizes.rows("nation", 0.001).orElseThrow()).isEqualTo(Cardinality.exact(25));
        assertThat(TpchSizes.rows("nonsense", 1)).isEmpty();
    }

    @Test
    void lineitemIsAnIntervalAroundFourLinesPerOrder() {
        Cardinality sf10 = TpchSizes.rows("lineitem", 10).orElseThrow();
        assertThat(sf10.lower()).isLessThanOrEqualTo(59_986_052).isGreaterThan(59_800_000);
        assertThat(sf10.upper()).isGreaterThanOrEqualTo(59_986_052).isLessThan(60_200_000);
        Cardinality tiny = TpchSizes.rows("lineitem", 0.001).orElseThrow();
        assertThat(tiny.lower()).isLessThanOrEqualTo(6_005);
        assertThat(tiny.upper()).isGreaterThanOrEqualTo(6_005);
    }

    @Test
    void distinctCountsAreCappedAtTheTablesRows() {
        Map<String, Double> partsupp = TpchSizes.distinctCounts("partsupp", 0.01);
        assertThat(partsupp).containsEntry("ps_partkey", 2_000.0).containsEntry("ps_suppkey", 100.0);
        Map<String, Double> tinyOrders = TpchSizes.distinctCounts("orders", 0.0001);
        assertThat(tinyOrders.get("o_orderdate")).isEqualTo(150.0);
        assertThat(TpchSizes.distinctCounts("nonsense", 1)).isEmpty();
    }

    @Test
    void everyTableHasWidthsForEveryColumn() {
        for (String table : TpchTables.names()) {
            Map<String, Double> widths = TpchSizes.columnWidths(table);
            assertThat(widths).hasSize(TpchTables.schema(table).getFields().size());
            assertThat(widths.values()).allMatch(w -> w > 0);
        }
        assertThat(TpchSizes.columnWidths("lineitem").get("l_comment")).isEqualTo(4 + 26.5);
    }
}
