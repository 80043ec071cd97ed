package dev.weft.channels.flight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh root allocator per test (a test fails if it leaves memory allocated), and batches of the (id BIGINT, name
 * VARCHAR) schema used by the Flight channel tests.
 */
abstract class FlightTest {
    /**
     * gRPC logs through java.util.logging; its warnings about streams cut by the tests' own cancellations and server
     * shutdowns are expected here. Held in a field so the level is not lost when the logger is collected.
     */
    private static final java.util.logging.Logger GRPC_LOGGER = quietGrpc();

    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    protected BufferAllocator allocator;

    @BeforeEach
    void createAllocator() {
        allocator = new RootAllocator(Long.MAX_VALUE);
    }

    @AfterEach
    void closeAllocator() {
        assertThat(allocator.getAllocatedMemory()).as("bytes still allocated (leak)").isZero();
        allocator.close();
    }

    private static java.util.logging.Logger quietGrpc() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.grpc");
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    /** A batch (caller owns) of the rows; each row is {Long id, String name}, nulls allowed. */
    static VectorSchemaRoot batch(BufferAllocator allocator, List<List<Object>> rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector ids = (BigIntVector) root.getVector(0);
        VarCharVector names = (VarCharVector) root.getVector(1);
        root.allocateNew();
        for (int i = 0; i < rows.size(); i++) {
            Long id = (Long) rows.get(i).get(0);
            String name = (String) rows.get(i).get(1);
            if (id == null) {
                ids.setNull(i);
            } else {
                ids.setSafe(i, id);
            }
            if (name == null) {
                names.setNull(i);
            } else {
                names.setSafe(i, new Text(name));
            }
        }
        root.setRowCount(rows.size());
        return root;
    }

    /** Rows {id, "name-id"} for ids from..to-1, every 7th id null and every 5th name null. */
    static List<List<Object>> rows(long from, long to) {
        List<List<Object>> rows = new ArrayList<>();
        for (long id = from; id < to; id++) {
            rows.add(Arrays.asList(id % 7 == 3 ? null : id, id % 5 == 1 ? null : "name-" + id + "-é✓"));
        }
        return rows;
    }

    /** The rows of a batch as lists of Java values (Long, String, null). */
    static List<List<Object>> rowsOf(VectorSchemaRoot batch) {
        List<List<Object>> rows = new ArrayList<>();
        for (int row = 0; row < batch.getRowCount(); row++) {
            List<Object> values = new ArrayList<>();
            for (FieldVector vector : batch.getFieldVectors()) {
                Object value = vector.getObject(row);
                values.add(value instanceof Text text ? text.toString() : value);
            }
            rows.add(values);
        }
        return rows;
    }
}
