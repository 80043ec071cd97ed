package dev.weft.kernels.rows;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.types.DataTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Row classes survive plain Java serialization (as Spark and Flink ship them) and work afterwards. */
class TestRowSerialization {
    public record Item(String name, long quantity, BigDecimal price) {}

    private static final List<Item> ITEMS = List.of(new Item("a", 2, new BigDecimal("1.50")), new Item("b", 5, new BigDecimal("2.00")),
            new Item("a", 1, new BigDecimal("0.25")));

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    private static List<Object[]> rows(Dataset<Item> data) {
        RowCodec codec = RowCodec.of(data.elementType());
        return ITEMS.stream().map(codec::toRow).toList();
    }

    private static List<Object[]> drain(Iterator<Object[]> rows) {
        List<Object[]> result = new ArrayList<>();
        rows.forEachRemaining(result::add);
        return result;
    }

    @Test
    void declarativeOperatorsWithLiteralsCastsAndDecimals() throws Exception {
        Dataset<Item> data = Pipeline.create().fromCollection(ITEMS, Item.class);
        RowFilter filter = roundTrip(RowFilter.of((FilterOperator) data.filter(col("price").gt(lit(new BigDecimal("1.00")))).operator()));
        assertThat(drain(filter.apply(rows(data).iterator()))).extracting(row -> row[0]).containsExactly("a", "b");
        RowProjection projection = roundTrip(RowProjection.of((ProjectOperator) data.select(
                col("quantity").cast(DataTypes.FLOAT64).as("q"), col("name")).operator()));
        assertThat(drain(projection.apply(rows(data).iterator()))).extracting(row -> row[0]).containsExactly(2.0, 5.0, 1.0);
        RowAggregation aggregation = roundTrip(RowAggregation.of((AggregateOperator) data.groupBy("name").aggregate(sum("quantity").as("n")).operator()));
        List<Object[]> partials = drain(aggregation.partial(rows(data).iterator()));
        assertThat(drain(roundTrip(aggregation).finish(partials.iterator()))).extracting(row -> List.of(row)).containsExactlyInAnyOrder(
                List.of("a", 3L), List.of("b", 5L));
        RowJoin join = roundTrip(RowJoin.of((JoinOperator) data.semiJoin(data, JoinKeys.on(col("quantity").plus(1), col("quantity"))).operator()));
        assertThat(join.leftKey(rows(data).get(2))).isEqualTo(join.rightKey(rows(data).get(0)));
        RowOrdering ordering = roundTrip(RowOrdering.of(List.of(col("price").desc()), data.schema()));
        List<Object[]> sorted = new ArrayList<>(rows(data));
        sorted.sort(ordering);
        assertThat(sorted).extracting(row -> row[0]).containsExactly("b", "a", "a");
    }

    @Test
    void lambdasAndCodecs() throws Exception {
        Dataset<Item> data = Pipeline.create().fromCollection(ITEMS, Item.class);
        RowTransform map = roundTrip(RowLambdas.map((MapOperator) data.map(item -> item.name().toUpperCase(java.util.Locale.ROOT), String.class).operator()));
        assertThat(drain(map.apply(rows(data).iterator()))).extracting(row -> row[0]).containsExactly("A", "B", "A");
        RowCodec codec = roundTrip(RowCodec.of(data.elementType()));
        assertThat(codec.fromRow(codec.toRow(ITEMS.get(0)))).isEqualTo(ITEMS.get(0));
        RowKey key = roundTrip(RowKey.of("x", new byte[] {1, 2}, null));
        assertThat(key).isEqualTo(RowKey.of("x", new byte[] {1, 2}, null)).hasSameHashCodeAs(RowKey.of("x", new byte[] {1, 2}, null));
        assertThat(key.hasNull()).isTrue();
    }
}
