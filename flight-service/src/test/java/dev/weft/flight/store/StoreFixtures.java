package dev.weft.flight.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Batches with checkable contents, and helpers to write and read them, for the store's tests. */
final class StoreFixtures {
    static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("id", new ArrowType.Int(64, true)),
            Field.nullable("name", ArrowType.Utf8.INSTANCE)));
    static final BooleanSupplier NOT_CANCELLED = () -> false;

    private StoreFixtures() {}

    static FlightStreamId stream(String job, String output) {
        return new FlightStreamId(job, "stage-1", output);
    }

    static FlightPartitionId partition(FlightStreamId stream, int partition) {
        return new FlightPartitionId(stream, partition);
    }

    /** The name column's value for an id: null for every 7th id; fixed width, so batches of n rows all have one size. */
    static String name(long id) {
        if (id % 7 == 0) {
            return null;
        }
        String digits = Long.toString(id);
        return "name-" + "000000000000".substring(Math.min(12, digits.length())) + digits;
    }

    /** A batch (caller closes) with ids {@code first .. first + count - 1}. */
    static VectorSchemaRoot batch(BufferAllocator allocator, long first, int count) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        try {
            BigIntVector ids = (BigIntVector) root.getVector(0);
            VarCharVector names = (VarCharVector) root.getVector(1);
            ids.allocateNew(count);
            names.allocateNew(count);
            for (int i = 0; i < count; i++) {
                long id = first + i;
                ids.set(i, id);
                String name = name(id);
                if (name == null) {
                    names.setNull(i);
                } else {
                    names.setSafe(i, name.getBytes(StandardCharsets.UTF_8));
                }
            }
            root.setRowCount(count);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** The bytes the store charges for the batch {@code batch(allocator, first, rows)}. */
    static long storedBytes(BufferAllocator allocator, long first, int rows) {
        try (VectorSchemaRoot root = batch(allocator, first, rows);
             ArrowRecordBatch unloaded = new VectorUnloader(root).getRecordBatch()) {
            return StoredBatch.bodyBytes(unloaded);
        }
    }

    /** Writes {@code batches} batches of {@code rows} rows with consecutive ids from {@code first}; does not complete. */
    static void write(PartitionWriter writer, BufferAllocator allocator, long first, int batches, int rows) {
        for (int b = 0; b < batches; b++) {
            try (VectorSchemaRoot batch = batch(allocator, first + (long) b * rows, rows)) {
                writer.append(batch, NOT_CANCELLED);
            }
        }
    }

    /** The ids of a read batch, after checking its names; closes the batch. */
    static List<Long> ids(ArrowRecordBatch batch, BufferAllocator allocator) {
        try (batch; VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            new VectorLoader(root).load(batch);
            BigIntVector ids = (BigIntVector) root.getVector(0);
            VarCharVector names = (VarCharVector) root.getVector(1);
            List<Long> result = new ArrayList<>(root.getRowCount());
            for (int i = 0; i < root.getRowCount(); i++) {
                long id = ids.get(i);
                String expected = name(id);
                String actual = names.isNull(i) ? null : new String(names.get(i), StandardCharsets.UTF_8);
                if (expected == null ? actual != null : !expected.equals(actual)) {
                    fail("row %d (id %d) has name %s, expected %s".formatted(i, id, actual, expected));
                }
                result.add(id);
            }
            return result;
        }
    }

    /** Reads the partition to its end; returns every id in order. */
    static List<Long> readAll(PartitionReader reader, BufferAllocator allocator) {
        List<Long> all = new ArrayList<>();
        ArrowRecordBatch batch;
        while ((batch = reader.next(NOT_CANCELLED)) != null) {
            all.addAll(ids(batch, allocator));
        }
        return all;
    }

    /** ids {@code first .. first + count - 1}. */
    static List<Long> range(long first, long count) {
        List<Long> ids = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            ids.add(first + i);
        }
        return ids;
    }

    /** Waits (bounded, polling) until the condition holds: for states reached by other threads, not for timing. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting until " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting until " + what);
            }
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }
}
