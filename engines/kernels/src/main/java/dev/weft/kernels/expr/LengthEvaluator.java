package dev.weft.kernels.expr;

import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** LENGTH: the number of characters (code points), counted on the UTF-8 bytes. */
final class LengthEvaluator extends Evaluator {
    private final Evaluator input;

    LengthEvaluator(Field field, Evaluator input) {
        super(field, List.of(input));
        this.input = input;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values values = input.evaluate(batch)) {
            Utf8Column strings = Utf8Column.of(values.vector(), rowCount);
            byte[] data = strings.data();
            FieldVector result = Vectors.allocate(field(), rowCount, batch.allocator());
            try {
                if (rowCount > 0) {
                    long address = Vectors.dataAddress(result, rowCount, 4);
                    for (int i = 0; i < rowCount; i++) {
                        int characters = 0;
                        for (int j = strings.start(i), end = strings.end(i); j < end; j++) {
                            characters += (data[j] & 0xC0) != 0x80 ? 1 : 0;
                        }
                        MemoryUtil.putInt(address + 4L * i, characters);
                    }
                    Bits.writeWords(result.getValidityBuffer(), strings.validity(), rowCount);
                }
                result.setValueCount(rowCount);
                return Values.owned(result);
            } catch (RuntimeException | Error e) {
                result.close();
                throw e;
            }
        }
    }
}
