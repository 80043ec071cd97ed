package dev.weft.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.channels.Fixtures.AllTypes;
import dev.weft.channels.Fixtures.Point;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class TestRecordAccess {
    @Test
    @SuppressWarnings("unchecked")
    void accessorsAreGeneratedLambdasTypedByComponent() {
        RecordAccess access = RecordAccess.of(AllTypes.class);
        assertThat(access.accessor(0)).isInstanceOf(Predicate.class);
        assertThat(access.accessor(1)).isInstanceOf(ToIntFunction.class);
        assertThat(access.accessor(4)).isInstanceOf(ToLongFunction.class);
        assertThat(access.accessor(6)).isInstanceOf(ToDoubleFunction.class);
        assertThat(access.accessor(8)).isInstanceOf(Function.class);
        // Made by the metafactory in the record's nest, not the method-handle fallback (whose nest host is RecordAccess).
        assertThat(access.accessor(4).getClass().getNestHost()).isEqualTo(Fixtures.class);
        Point point = new Point(3, -4);
        assertThat(((ToLongFunction<Object>) RecordAccess.of(Point.class).accessor(1)).applyAsLong(point)).isEqualTo(-4);
    }

    @Test
    void accessIsBuiltOncePerClass() {
        assertThat(RecordAccess.of(Point.class)).isSameAs(RecordAccess.of(Point.class));
    }

    @Test
    void canonicalConstructorTakesValuesInComponentOrder() {
        Object[] arguments = {7L, 8L};
        assertThat(RecordAccess.of(Point.class).construct(arguments)).isEqualTo(new Point(7, 8));
    }
}
