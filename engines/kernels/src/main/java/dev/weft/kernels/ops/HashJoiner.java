package dev.weft.kernels.ops;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.JoinType;
import dev.weft.api.types.DataTypes;
import dev.weft.kernels.memory.MemoryBudget;
import dev.weft.kernels.memory.MemoryReservation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.VectorAppender;

/**
 * Equi-join of a probe side (left input) against a hash table of the build side (right input): INNER, LEFT (unmatched
 * probe rows with NULL build columns), SEMI and ANTI (probe columns only; ANTI keeps rows without a match, including
 * rows whose key has a NULL, as NOT EXISTS does). NULL keys never match. Duplicate keys on both sides give every pair.
 * Output: the probe columns, then {@code buildOutputColumns}, in batches of at most {@code batchSize} rows.
 *
 * <p>{@link #build} and {@link #finishBuild} run on one thread; after that {@link #probe} may run on many threads at
 * once (the table is read-only). The build side must fit the {@link MemoryBudget}: beyond it, {@link #build} fails
 * with EXCEEDED_MEMORY_LIMIT.
 */
public final class HashJoiner implements AutoCloseable {
    private static final long CHAIN_BYTES_PER_ROW = 12;

    private final JoinType type;
    private final Schema probeSchema;
    private final int[] probeKeys;
    private final Schema buildSchema;
    private final int[] buildKeys;
    private final int[] buildOutputColumns;
    private final Schema outputSchema;
    private final int probeColumnCount;
    private final BufferAllocator allocator;
    private final BufferAllocator buildAllocator;
    private final MemoryReservation reservation;
    private final int batchSize;
    private final GroupIdMap table;
    private final FieldVector[] buildColumns;
    private final boolean keepsBuildRows;
    private int buildRowCount;
    /** First build row of each key, and the next row of the same key for each row (-1: none). */
    private int[] firstRow = new int[0];
    private int[] lastRow = new int[0];
    private int[] nextRow = new int[16];
    private int[] groupIds = new int[0];
    private volatile boolean built;
    private boolean closed;

    public HashJoiner(JoinType type, Schema probeSchema, int[] probeKeys, Schema buildSchema, int[] buildKeys,
                      int[] buildOutputColumns, Schema outputSchema, BufferAllocator allocator, MemoryBudget budget, int batchSize) {
        this.type = requireNonNull(type, "type is null");
        this.probeSchema = requireNonNull(probeSchema, "probeSchema is null");
        this.probeKeys = requireNonNull(probeKeys, "probeKeys is null").clone();
        this.buildSchema = requireNonNull(buildSchema, "buildSchema is null");
        this.buildKeys = requireNonNull(buildKeys, "buildKeys is null").clone();
        this.buildOutputColumns = requireNonNull(buildOutputColumns, "buildOutputColumns is null").clone();
        this.outputSchema = requireNonNull(outputSchema, "outputSchema is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        requireNonNull(budget, "budget is null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.probeColumnCount = probeSchema.getFields().size();
        List<ValueKind> kinds = checkKeys(probeSchema, buildSchema);
        this.keepsBuildRows = type == JoinType.INNER || type == JoinType.LEFT;
        checkOutput(probeSchema);
        this.table = GroupIdMap.create(kinds, false);
        this.reservation = new MemoryReservation(budget);
        this.buildAllocator = allocator.newChildAllocator("hash-join-build", 0, Long.MAX_VALUE);
        this.buildColumns = new FieldVector[keepsBuildRows ? this.buildOutputColumns.length : 0];
        try {
            for (int c = 0; c < buildColumns.length; c++) {
                buildColumns[c] = buildSchema.getFields().get(this.buildOutputColumns[c]).createVector(buildAllocator);
                buildColumns[c].allocateNew();
            }
        } catch (RuntimeException e) {
            closeBuildState();
            throw e;
        }
    }

    /** Adds build rows (one thread only, before {@link #finishBuild}); does not take ownership. */
    public void build(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        checkOpen();
        if (built) {
            throw new IllegalStateException("build() after finishBuild()");
        }
        BatchChecks.checkBatch(batch, buildSchema, "hash join build side");
        int rowCount = batch.getRowCount();
        if (rowCount == 0) {
            return;
        }
        long incoming = rowCount * (CHAIN_BYTES_PER_ROW + 48L);
        for (int column : keepsBuildRows ? buildOutputColumns : new int[0]) {
            incoming += batch.getVector(column).getBufferSize();
        }
        reserve(reservation.bytes() + incoming);
        FieldVector[] keys = new FieldVector[buildKeys.length];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = batch.getVector(buildKeys[k]);
        }
        if (groupIds.length < rowCount) {
            groupIds = new int[rowCount];
        }
        table.insert(keys, rowCount, groupIds);
        if (keepsBuildRows) {
            chainRows(rowCount);
            for (int c = 0; c < buildColumns.length; c++) {
                batch.getVector(buildOutputColumns[c]).accept(new VectorAppender(buildColumns[c]), null);
            }
        }
        buildRowCount += rowCount;
        reserve(memoryBytes());
    }

    /** Ends the build: from now on {@link #probe} may be called, from many threads. */
    public void finishBuild() {
        checkOpen();
        groupIds = new int[0];
        built = true;
    }

    /** Joins a probe batch and emits the joined rows (the consumer owns each batch). Thread-safe; does not take ownership. */
    public void probe(VectorSchemaRoot batch, Consumer<VectorSchemaRoot> output) {
        requireNonNull(batch, "batch is null");
        requireNonNull(output, "output is null");
        if (!built) {
            throw new IllegalStateException("probe() before finishBuild()");
        }
        checkOpen();
        BatchChecks.checkBatch(batch, probeSchema, "hash join probe side");
        int rowCount = batch.getRowCount();
        if (rowCount == 0) {
            return;
        }
        FieldVector[] keys = new FieldVector[probeKeys.length];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = batch.getVector(probeKeys[k]);
        }
        int[] matches = new int[rowCount];
        table.find(keys, rowCount, matches);
        if (type == JoinType.SEMI || type == JoinType.ANTI) {
            emitSelected(batch, matches, type == JoinType.SEMI, output);
        } else {
            emitPairs(batch, matches, output);
        }
    }

    /** Rows on the build side so far. */
    public int buildRowCount() {
        return buildRowCount;
    }

    private void chainRows(int rowCount) {
        int groups = table.size();
        if (firstRow.length < groups) {
            int oldLength = firstRow.length;
            int length = Math.max(groups, oldLength * 2);
            firstRow = Arrays.copyOf(firstRow, length);
            lastRow = Arrays.copyOf(lastRow, length);
            Arrays.fill(firstRow, oldLength, length, -1);
        }
        nextRow = GroupIdMap.grow(nextRow, buildRowCount + rowCount);
        for (int i = 0; i < rowCount; i++) {
            int group = groupIds[i];
            int row = buildRowCount + i;
            nextRow[row] = -1;
            if (group < 0) {
                continue;
            }
            if (firstRow[group] < 0) {
                firstRow[group] = row;
            } else {
                nextRow[lastRow[group]] = row;
            }
            lastRow[group] = row;
        }
    }

    private void emitSelected(VectorSchemaRoot batch, int[] matches, boolean matched, Consumer<VectorSchemaRoot> output) {
        int rowCount = batch.getRowCount();
        int[] rows = new int[Math.min(batchSize, rowCount)];
        int count = 0;
        for (int i = 0; i < rowCount; i++) {
            if ((matches[i] >= 0) == matched) {
                rows[count++] = i;
                if (count == rows.length) {
                    emit(batch, rows, null, count, output);
                    count = 0;
                }
            }
        }
        if (count > 0) {
            emit(batch, rows, null, count, output);
        }
    }

    private void emitPairs(VectorSchemaRoot batch, int[] matches, Consumer<VectorSchemaRoot> output) {
        int rowCount = batch.getRowCount();
        int[] probeRows = new int[batchSize];
        int[] buildRows = new int[batchSize];
        int count = 0;
        boolean left = type == JoinType.LEFT;
        for (int i = 0; i < rowCount; i++) {
            int group = matches[i];
            if (group < 0) {
                if (left) {
                    probeRows[count] = i;
                    buildRows[count++] = -1;
                    if (count == batchSize) {
                        emit(batch, probeRows, buildRows, count, output);
                        count = 0;
                    }
                }
                continue;
            }
            for (int row = firstRow[group]; row >= 0; row = nextRow[row]) {
                probeRows[count] = i;
                buildRows[count++] = row;
                if (count == batchSize) {
                    emit(batch, probeRows, buildRows, count, output);
                    count = 0;
                }
            }
        }
        if (count > 0) {
            emit(batch, probeRows, buildRows, count, output);
        }
    }

    private void emit(VectorSchemaRoot batch, int[] probeRows, int[] buildRows, int count, Consumer<VectorSchemaRoot> output) {
        VectorSchemaRoot out = VectorSchemaRoot.create(outputSchema, allocator);
        try {
            List<FieldVector> vectors = out.getFieldVectors();
            for (int c = 0; c < probeColumnCount; c++) {
                VectorGather.gather(batch.getVector(c), probeRows, 0, count, vectors.get(c));
            }
            for (int c = 0; c < buildColumns.length; c++) {
                VectorGather.gather(buildColumns[c], buildRows, 0, count, vectors.get(probeColumnCount + c));
            }
            out.setRowCount(count);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        output.accept(out);
    }

    private long memoryBytes() {
        long bytes = table.memoryBytes() + (firstRow.length + lastRow.length + nextRow.length + groupIds.length) * 4L;
        for (FieldVector column : buildColumns) {
            bytes += BatchCopies.bytes(column);
        }
        return bytes;
    }

    private void reserve(long bytes) {
        if (!reservation.tryResize(bytes)) {
            MemoryBudget budget = reservation.budget();
            throw new WeftException(ErrorCode.EXCEEDED_MEMORY_LIMIT,
                    "hash join build side (right input, %d rows so far) needs %d bytes of memory, but the memory budget has %d of %d bytes left; raise %s or make the smaller input the right side of the join"
                            .formatted(buildRowCount, bytes, budget.available() + reservation.bytes(), budget.limit(), MemoryBudget.SETTING));
        }
    }

    private List<ValueKind> checkKeys(Schema probeSchema, Schema buildSchema) {
        if (probeKeys.length == 0 || probeKeys.length != buildKeys.length) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "a hash join needs as many probe keys as build keys, at least one; got %d and %d".formatted(probeKeys.length, buildKeys.length));
        }
        List<ValueKind> kinds = new ArrayList<>();
        for (int k = 0; k < probeKeys.length; k++) {
            Field probe = column(probeSchema, probeKeys[k], "probe key");
            Field build = column(buildSchema, buildKeys[k], "build key");
            ValueKind probeKind = ValueKind.of(probe.getType(), "join key '%s'".formatted(probe.getName()));
            ValueKind buildKind = ValueKind.of(build.getType(), "join key '%s'".formatted(build.getName()));
            boolean sameScale = !(probe.getType() instanceof ArrowType.Decimal probeDecimal)
                    || probeDecimal.getScale() == ((ArrowType.Decimal) build.getType()).getScale();
            if (probeKind != buildKind || !sameScale) {
                throw new WeftException(ErrorCode.TYPE_MISMATCH,
                        "join key %d compares %s '%s' with %s '%s'; cast both sides to one type".formatted(k + 1,
                                DataTypes.describe(probe.getType()), probe.getName(), DataTypes.describe(build.getType()), build.getName()));
            }
            kinds.add(buildKind);
        }
        return kinds;
    }

    private void checkOutput(Schema probeSchema) {
        for (int column : buildOutputColumns) {
            column(buildSchema, column, "build output column");
        }
        List<Field> expected = new ArrayList<>(probeSchema.getFields());
        if (keepsBuildRows) {
            for (int column : buildOutputColumns) {
                expected.add(buildSchema.getFields().get(column));
            }
        } else if (buildOutputColumns.length > 0) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "a %s join outputs the probe columns only; pass no build output columns".formatted(type));
        }
        List<Field> actual = outputSchema.getFields();
        boolean matches = actual.size() == expected.size();
        for (int i = 0; matches && i < actual.size(); i++) {
            matches = actual.get(i).getType().equals(expected.get(i).getType());
        }
        if (!matches) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "%s join output schema %s does not match the probe columns and build output columns %s".formatted(type, outputSchema, expected));
        }
    }

    private static Field column(Schema schema, int index, String what) {
        if (index < 0 || index >= schema.getFields().size()) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "%s %d is outside the %d columns of %s".formatted(what, index, schema.getFields().size(), schema));
        }
        return schema.getFields().get(index);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("hash joiner is closed");
        }
    }

    private void closeBuildState() {
        List<AutoCloseable> closeables = new ArrayList<>();
        for (FieldVector column : buildColumns) {
            if (column != null) {
                closeables.add(column);
            }
        }
        closeables.add(reservation);
        closeables.add(buildAllocator);
        BatchCopies.closeAll(closeables);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeBuildState();
    }
}
