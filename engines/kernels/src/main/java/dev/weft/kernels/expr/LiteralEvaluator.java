package dev.weft.kernels.expr;

import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/** A constant. Kernels read {@link #value()} directly; evaluated on its own, it fills a vector. */
final class LiteralEvaluator extends Evaluator {
    private final Object value;

    /** @param value the normalized value (see {@link Scalars}) */
    LiteralEvaluator(Field field, Object value) {
        super(field, List.of());
        this.value = value;
    }

    Object value() {
        return value;
    }

    boolean isNull() {
        return value == null;
    }

    long longValue() {
        return (Long) value;
    }

    double doubleValue() {
        return (Double) value;
    }

    BigDecimal decimalValue() {
        return (BigDecimal) value;
    }

    byte[] bytes() {
        return (byte[]) value;
    }

    @Override
    Values evaluate(Batch batch) {
        return Values.owned(Scalars.fill(field(), value, batch.rowCount(), batch.allocator()));
    }
}
