package dev.weft.optimizer.estimate;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.nullOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.weft.api.expr.Expression;
import dev.weft.api.expr.Expressions;
import dev.weft.api.types.DataTypes;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class TestSelectivity {
    private static final Schema SCHEMA = new Schema(List.of(
            DataTypes.field("id", DataTypes.INT64, false),
            DataTypes.field("region", DataTypes.INT64, true),
            DataTypes.field("name", DataTypes.STRING, true),
            DataTypes.field("price", DataTypes.FLOAT64, true)));
    private static final Map<String, Double> DISTINCT = Map.of("id", 1000.0, "region", 5.0);

    private static Selectivity of(Expression predicate) {
        return Selectivity.of(predicate, SCHEMA, DISTINCT);
    }

    @Test
    void equalityWithKnownDistinctCountIsOneOverIt() {
        Selectivity selectivity = of(col("region").eq(3));
        assertThat(selectivity.lower()).isCloseTo(0.2, within(1e-12));
        assertThat(selectivity.upper()).isCloseTo(0.2, within(1e-12));
        assertThat(selectivity.confidence()).isEqualTo(Selectivity.KNOWN_DISTINCT_CONFIDENCE);
    }

    @Test
    void equalityWithTheLiteralOnTheLeftIsTheSame() {
        assertThat(of(lit(3L).eq(col("region")))).isEqualTo(of(col("region").eq(3L)));
    }

    @Test
    void equalityWithUnknownDistinctCountIsTheDefault() {
        assertThat(of(col("name").eq("x"))).isEqualTo(Selectivity.DEFAULT_EQUALITY);
    }

    @Test
    void equalityOfTwoColumnsUsesTheLargerDistinctCount() {
        assertThat(of(col("id").eq(col("region"))).upper()).isCloseTo(0.001, within(1e-12));
        assertThat(of(col("id").eq(col("price")))).isEqualTo(Selectivity.DEFAULT_EQUALITY);
    }

    @Test
    void notEqualIsOneMinusEquality() {
        Selectivity selectivity = of(col("region").ne(3));
        assertThat(selectivity.lower()).isCloseTo(0.8, within(1e-12));
        assertThat(selectivity.upper()).isCloseTo(0.8, within(1e-12));
        Selectivity unknown = of(col("name").ne("x"));
        assertThat(unknown.lower()).isCloseTo(0.8, within(1e-12));
        assertThat(unknown.upper()).isCloseTo(0.999, within(1e-12));
    }

    @Test
    void rangesAndBetween() {
        assertThat(of(col("price").lt(10))).isEqualTo(Selectivity.DEFAULT_RANGE);
        assertThat(of(lit(10).ge(col("price")))).isEqualTo(Selectivity.DEFAULT_RANGE);
        assertThat(of(col("price").between(1, 10))).isEqualTo(Selectivity.DEFAULT_BETWEEN);
        assertThat(of(col("price").gt(1).and(col("price").le(10)))).isEqualTo(Selectivity.DEFAULT_BETWEEN);
        // two lower bounds are not a between: a product of ranges
        Selectivity twoLower = of(col("price").gt(1).and(col("price").gt(5)));
        assertThat(twoLower.lower()).isCloseTo(0.01, within(1e-12));
        assertThat(twoLower.upper()).isCloseTo(0.25, within(1e-12));
        // comparing two columns is not a range with a literal
        assertThat(of(col("price").lt(col("id")))).isEqualTo(Selectivity.DEFAULT_OTHER);
    }

    @Test
    void andMultipliesBoundsOrCombinesThem() {
        Selectivity and = of(col("region").eq(1).and(col("price").lt(5)));
        assertThat(and.lower()).isCloseTo(0.2 * 0.1, within(1e-12));
        assertThat(and.upper()).isCloseTo(0.2 * 0.5, within(1e-12));
        assertThat(and.confidence()).isEqualTo(0.3);

        Selectivity or = of(col("region").eq(1).or(col("price").lt(5)));
        assertThat(or.lower()).isCloseTo(0.2 + 0.1 - 0.02, within(1e-12));
        assertThat(or.upper()).isCloseTo(0.2 + 0.5 - 0.1, within(1e-12));
    }

    @Test
    void inIsADisjunctionOfEqualities() {
        Selectivity in = of(col("region").in(1L, 2L));
        assertThat(in.upper()).isCloseTo(0.2 + 0.2 - 0.04, within(1e-12));
    }

    @Test
    void notFlipsTheInterval() {
        Selectivity not = of(Expressions.not(col("price").lt(5)));
        assertThat(not.lower()).isCloseTo(0.5, within(1e-12));
        assertThat(not.upper()).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void nullChecksUseNullability() {
        assertThat(of(col("name").isNull())).isEqualTo(Selectivity.DEFAULT_IS_NULL);
        Selectivity notNull = of(col("name").isNotNull());
        assertThat(notNull.lower()).isCloseTo(0.9, within(1e-12));
        assertThat(notNull.upper()).isEqualTo(1.0);
        assertThat(of(col("id").isNull())).isEqualTo(Selectivity.NONE);
        assertThat(of(col("id").isNotNull())).isEqualTo(Selectivity.ALL);
    }

    @Test
    void comparisonWithNullKeepsNothingAndLiteralsAreConstant() {
        assertThat(of(col("region").eq(nullOf(DataTypes.INT64)))).isEqualTo(Selectivity.NONE);
        assertThat(of(lit(true))).isEqualTo(Selectivity.ALL);
        assertThat(of(lit(false))).isEqualTo(Selectivity.NONE);
    }

    @Test
    void patternsAndOtherPredicates() {
        assertThat(of(col("name").like("a%"))).isEqualTo(Selectivity.DEFAULT_PATTERN);
        assertThat(of(Expressions.startsWith(col("name"), "a"))).isEqualTo(Selectivity.DEFAULT_PATTERN);
        assertThat(of(Expressions.length(col("name")).gt(col("id")))).isEqualTo(Selectivity.DEFAULT_OTHER);
        assertThat(of(Expressions.when(col("price").gt(1), true).otherwise(false))).isEqualTo(Selectivity.DEFAULT_OTHER);
    }

    @Test
    void pinnedColumnsAreEqualitiesWithLiteralsInTheTopConjunction() {
        assertThat(Selectivity.pinnedColumns(col("region").eq(1).and(col("name").eq("x")).and(col("price").gt(3))))
                .containsExactlyInAnyOrder("region", "name");
        assertThat(Selectivity.pinnedColumns(col("region").eq(1).or(col("name").eq("x")))).isEmpty();
        assertThat(Selectivity.pinnedColumns(col("region").eq(nullOf(DataTypes.INT64)))).isEmpty();
    }

    @Test
    void combinationsStayWithinZeroAndOne() {
        Selectivity clamped = Selectivity.clamped(-0.5, 3, 0.5);
        assertThat(clamped.lower()).isZero();
        assertThat(clamped.upper()).isEqualTo(1.0);
        assertThat(Selectivity.ALL.or(Selectivity.ALL)).isEqualTo(Selectivity.ALL);
    }

    @Test
    void invalidIntervalsAreRejected() {
        assertThatThrownBy(() -> new Selectivity(0.5, 0.2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Selectivity(0, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Selectivity(0, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Selectivity.Factor(2, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
