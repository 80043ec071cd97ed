package dev.weft.kernels.io;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.RecordSchemas;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Checks that a batch handed to a file sink has the columns the sink was opened with. */
final class BatchSchemas {
    private BatchSchemas() {}

    static void checkMatches(VectorSchemaRoot batch, Schema schema, Path target) {
        List<FieldVector> vectors = batch.getFieldVectors();
        List<Field> fields = schema.getFields();
        boolean matches = vectors.size() == fields.size();
        for (int i = 0; matches && i < fields.size(); i++) {
            matches = vectors.get(i).getField().getType().equals(fields.get(i).getType());
        }
        if (!matches) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                    "a batch with columns %s was written to %s, which was opened for columns %s: open the sink with the schema of its input"
                            .formatted(RecordSchemas.describe(batch.getSchema()), target, RecordSchemas.describe(schema)));
        }
    }
}
