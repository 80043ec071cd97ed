package dev.weft.engine.java.physical;

import static java.util.Objects.requireNonNull;

import dev.weft.api.types.ElementType;
import dev.weft.channels.RowDecoder;
import dev.weft.channels.RowEncoder;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.KeyPartitioner;
import dev.weft.engine.java.exec.SpillableBatchBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Java elements hash-split into buckets that may spill: each bucket encodes its elements into Arrow batches of the
 * target size (with the element type's {@link RowEncoder}) and appends them to a {@link SpillableBatchBuffer}.
 * Reading a bucket decodes its elements in append order. Used when the groups of reduceByKey or coGroup outgrow their
 * memory share (Grace hash partitioning, as in Spark's ExternalAppendOnlyMap and Flink's hybrid hash table).
 *
 * <p>Adding is single-threaded; after {@link #finishWriting} different buckets may be read concurrently, each once.
 */
final class ObjectBuckets implements AutoCloseable {
    /** How many sub-buckets a group table splits into when it outgrows its share. */
    static final int FAN_OUT = 16;

    private final ExecutionContext context;
    private final ElementType<Object> type;
    private final List<SpillableBatchBuffer> buffers;
    private final List<RowEncoder<Object>> encoders;
    private boolean writing = true;

    ObjectBuckets(ExecutionContext context, ElementType<Object> type, int count) {
        this.context = requireNonNull(context, "context is null");
        this.type = requireNonNull(type, "type is null");
        if (count < 1) {
            throw new IllegalArgumentException("bucket count must be >= 1, got " + count);
        }
        this.buffers = new ArrayList<>(count);
        this.encoders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            buffers.add(context.newBuffer());
            encoders.add(null);
        }
    }

    /**
     * The bucket of a key at a split level: level 0 is the output partitioning ({@link KeyPartitioner#partitionOf});
     * every deeper level mixes the hash code with its own seed, so that the keys of one bucket spread over all the
     * buckets of the next level.
     */
    static int bucketOf(Object key, int level, int count) {
        if (level == 0) {
            return KeyPartitioner.partitionOf(key, count);
        }
        int hash = key == null ? 0 : key.hashCode();
        return Math.floorMod(mix(hash ^ (0x9E3779B9 * level)), count);
    }

    int count() {
        return buffers.size();
    }

    /** Appends the element to the bucket. */
    void add(int bucket, Object element) {
        if (!writing) {
            throw new IllegalStateException("cannot add to buckets that are being read");
        }
        RowEncoder<Object> encoder = encoders.get(bucket);
        if (encoder == null) {
            encoder = RowEncoder.create(type, context.allocator());
            encoders.set(bucket, encoder);
        }
        encoder.append(element);
        if (encoder.rowCount() >= context.batchSize()) {
            context.checkCancelled();
            buffers.get(bucket).append(encoder.finish());
        }
    }

    /** Appends the last partial batches and releases the encoders; idempotent. */
    void finishWriting() {
        if (!writing) {
            return;
        }
        writing = false;
        try {
            for (int i = 0; i < encoders.size(); i++) {
                RowEncoder<Object> encoder = encoders.get(i);
                if (encoder != null && encoder.rowCount() > 0) {
                    buffers.get(i).append(encoder.finish());
                }
                buffers.get(i).finishWriting();
            }
        } finally {
            closeEncoders();
        }
    }

    /** Elements in the bucket (in memory or spilled); complete after {@link #finishWriting}. */
    long rowCount(int bucket) {
        return buffers.get(bucket).rowCount();
    }

    /** Times the buckets wrote to their spill files. */
    int spillCount() {
        return buffers.stream().mapToInt(SpillableBatchBuffer::spillCount).sum();
    }

    /**
     * Decodes the elements of one bucket, in order, into {@code consumer} until it returns false (the bucket's data is
     * released as it is read); true if it took them all.
     */
    boolean forEach(int bucket, Predicate<Object> consumer) {
        finishWriting();
        RowDecoder<Object> decoder = RowDecoder.create(type);
        return buffers.get(bucket).forEach(SpillableBatchBuffer.ReadMode.TAKE, batch -> {
            try (batch) {
                context.checkCancelled();
                decoder.bind(batch);
                int rows = batch.getRowCount();
                for (int row = 0; row < rows; row++) {
                    if (!consumer.test(decoder.get(row))) {
                        return false;
                    }
                }
                return true;
            }
        });
    }

    /** Releases every bucket (memory and spill files); idempotent. */
    @Override
    public void close() {
        writing = false;
        try {
            closeEncoders();
        } finally {
            BatchShapes.closeAll(buffers);
        }
    }

    private void closeEncoders() {
        RuntimeException failure = null;
        for (int i = 0; i < encoders.size(); i++) {
            RowEncoder<Object> encoder = encoders.get(i);
            encoders.set(i, null);
            if (encoder != null) {
                try {
                    encoder.close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Murmur3's finalizer. */
    private static int mix(int hash) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
