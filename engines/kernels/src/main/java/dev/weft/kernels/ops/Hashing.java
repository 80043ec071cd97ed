package dev.weft.kernels.ops;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * 32-bit hashes of keys with good low bits (hash table slots) and high bits (spill partitions, see
 * {@link #partition}).
 */
final class Hashing {
    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Spill fan-out: 16 partitions per level, from 4 hash bits each. */
    static final int PARTITION_BITS = 4;
    static final int PARTITIONS = 1 << PARTITION_BITS;
    /** Levels of re-partitioning the 32 hash bits allow. */
    static final int MAX_LEVELS = 32 / PARTITION_BITS;
    static final int NULL_HASH = 0x5bd1e995;

    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private Hashing() {}

    static int hashLong(long value) {
        return fold(mix(value));
    }

    static int hashBytes(byte[] bytes, int offset, int length) {
        long hash = MULTIPLIER ^ length;
        int i = offset;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            hash = Long.rotateLeft(hash ^ (long) LONGS.get(bytes, i) * 0xC2B2AE3D27D4EB4FL, 31) * MULTIPLIER;
        }
        if (i < end) {
            long tail = 0;
            for (int shift = 0; i < end; i++, shift += 8) {
                tail |= (bytes[i] & 0xFFL) << shift;
            }
            hash = Long.rotateLeft(hash ^ tail * 0xC2B2AE3D27D4EB4FL, 31) * MULTIPLIER;
        }
        return fold(mix(hash));
    }

    /** The spill partition (0..15) of a hash at a re-partitioning level (0..7): the highest unused 4 bits. */
    static int partition(int hash, int level) {
        return (hash >>> (32 - PARTITION_BITS * (level + 1))) & (PARTITIONS - 1);
    }

    /** Murmur3's 64-bit finalizer. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static int fold(long hash) {
        return (int) (hash ^ (hash >>> 32));
    }
}
