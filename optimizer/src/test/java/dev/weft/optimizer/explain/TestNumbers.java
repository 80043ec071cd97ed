package dev.weft.optimizer.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.optimizer.cost.Cost;
import dev.weft.optimizer.estimate.Cardinality;
import org.junit.jupiter.api.Test;

class TestNumbers {
    @Test
    void countsAreCompactWithThreeSignificantDigits() {
        assertThat(Numbers.count(0)).isEqualTo("0");
        assertThat(Numbers.count(0.25)).isEqualTo("0.25");
        assertThat(Numbers.count(7)).isEqualTo("7");
        assertThat(Numbers.count(999)).isEqualTo("999");
        assertThat(Numbers.count(1000)).isEqualTo("1k");
        assertThat(Numbers.count(12_345)).isEqualTo("12.3k");
        assertThat(Numbers.count(999_999)).isEqualTo("1M");
        assertThat(Numbers.count(1_234_567)).isEqualTo("1.23M");
        assertThat(Numbers.count(6_001_215)).isEqualTo("6M");
        assertThat(Numbers.count(5.99e9)).isEqualTo("5.99G");
        assertThat(Numbers.count(2e12)).isEqualTo("2T");
        assertThat(Numbers.count(3e15)).isEqualTo("3P");
        assertThat(Numbers.count(1e18)).isEqualTo("1.00e+18");
    }

    @Test
    void rowsShowIntervalConfidenceAndRates() {
        assertThat(Numbers.rows(Cardinality.between(1_200_000, 1_500_000, 0.9))).isEqualTo("[1.2M, 1.5M] @ 0.90");
        assertThat(Numbers.rows(Cardinality.exact(25))).isEqualTo("[25, 25] @ 1.00");
        assertThat(Numbers.rows(Cardinality.rate(1e5, 1e7, 0.2))).isEqualTo("[100k, 10M] rows/s @ 0.20");
    }

    @Test
    void costsUseCostFormat() {
        assertThat(Numbers.cost(new Cost(0.01234, 4.567), false)).isEqualTo("[0.0123, 4.57] ms");
        assertThat(Numbers.cost(new Cost(1, 2), true)).isEqualTo("[1, 2] ms/s");
        assertThat(Numbers.cost(new Cost(400, 1500), true)).isEqualTo("[400, 1500] ms/s (over capacity)");
        assertThat(Numbers.cost(new Cost(400, 1500), false)).isEqualTo("[400, 1500] ms");
        assertThat(Numbers.costShort(Cost.exactly(4000))).isEqualTo("4000 ms");
        assertThat(Numbers.costShort(new Cost(1, 2))).isEqualTo("[1, 2] ms");
        assertThat(Numbers.ratio(1.8)).isEqualTo("1.80x");
    }
}
