package dev.weft.kernels.ops;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Checks of the batches handed to the operators. */
final class BatchChecks {
    private BatchChecks() {}

    /** Checks that a batch has the columns and types of the schema. */
    static void checkBatch(VectorSchemaRoot batch, Schema expected, String what) {
        List<FieldVector> vectors = batch.getFieldVectors();
        List<Field> fields = expected.getFields();
        boolean matches = vectors.size() == fields.size();
        for (int i = 0; matches && i < fields.size(); i++) {
            matches = vectors.get(i).getField().getType().equals(fields.get(i).getType());
        }
        if (!matches) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "%s batch has schema %s but %s was expected; pass batches of the schema the operator was created with"
                            .formatted(what, batch.getSchema(), expected));
        }
    }
}
