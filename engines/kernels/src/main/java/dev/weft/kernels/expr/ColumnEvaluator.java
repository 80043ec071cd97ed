package dev.weft.kernels.expr;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.util.BitSet;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** An input column, passed through without copying. */
final class ColumnEvaluator extends Evaluator {
    private final int index;

    ColumnEvaluator(Field field, int index) {
        super(field, List.of());
        this.index = index;
    }

    @Override
    Values evaluate(Batch batch) {
        FieldVector column = batch.column(index);
        if (!column.getField().getType().equals(type())) {
            throw new WeftException(ErrorCode.TYPE_MISMATCH,
                    "column %d ('%s') of the batch is %s but the expression was compiled for %s '%s'; compile the expression for the batch's schema"
                            .formatted(index, column.getField().getName(), DataTypes.describe(column.getField().getType()),
                                    DataTypes.describe(type()), field().getName()));
        }
        return Values.borrowed(column);
    }

    @Override
    void collectColumns(BitSet columns) {
        columns.set(index);
    }
}
