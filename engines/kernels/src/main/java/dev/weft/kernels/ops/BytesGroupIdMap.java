package dev.weft.kernels.ops;

import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;

/**
 * Open addressing (linear probing) on keys encoded as bytes by a {@link RowKeyEncoder}: strings, binaries, decimals and
 * multi-column keys. A slot holds the key's hash and group id in one long; the key bytes of all groups live in one
 * byte arena, so no per-key objects exist.
 */
final class BytesGroupIdMap extends GroupIdMap {
    private static final int INITIAL_CAPACITY = 1024;
    private static final long EMPTY = -1L;

    private final RowKeyEncoder encoder;
    private final EncodedRows scratch = new EncodedRows();
    /** (hash << 32) | group id, or EMPTY. */
    private long[] slots;
    private int mask;
    private int size;
    private int nullGroup = -1;
    private byte[] arena = new byte[4096];
    /** Group g's key is arena[offsets[g], offsets[g+1]). */
    private int[] offsets = new int[INITIAL_CAPACITY / 2 + 1];
    private int[] hashes = new int[INITIAL_CAPACITY / 2];

    BytesGroupIdMap(RowKeyEncoder encoder, boolean nullsMatch, int capacity) {
        super(nullsMatch);
        this.encoder = encoder;
        allocateSlots(capacity);
    }

    @Override
    void insert(FieldVector[] keys, int rowCount, int[] groupIds) {
        EncodedRows rows = scratch;
        encoder.encode(keys, rowCount, rows);
        boolean nullsOutside = encoder.nullsOutsideBytes();
        for (int i = 0; i < rowCount; i++) {
            if (rows.nullRows[i]) {
                if (!nullsMatch) {
                    groupIds[i] = -1;
                    continue;
                }
                if (nullsOutside) {
                    groupIds[i] = nullGroup();
                    continue;
                }
            }
            groupIds[i] = findOrInsert(rows.bytes, rows.offsets[i], rows.offsets[i + 1] - rows.offsets[i], rows.hashes[i]);
        }
    }

    @Override
    void find(FieldVector[] keys, int rowCount, int[] groupIds) {
        EncodedRows rows = new EncodedRows();
        encoder.encode(keys, rowCount, rows);
        boolean nullsOutside = encoder.nullsOutsideBytes();
        for (int i = 0; i < rowCount; i++) {
            if (rows.nullRows[i]) {
                if (!nullsMatch) {
                    groupIds[i] = -1;
                    continue;
                }
                if (nullsOutside) {
                    groupIds[i] = nullGroup;
                    continue;
                }
            }
            groupIds[i] = find(rows.bytes, rows.offsets[i], rows.offsets[i + 1] - rows.offsets[i], rows.hashes[i]);
        }
    }

    /** The group of the key bytes, -1 if absent. Read-only. */
    int find(byte[] key, int offset, int length, int hash) {
        long[] table = slots;
        int slot = hash & mask;
        while (true) {
            long entry = table[slot];
            if (entry == EMPTY) {
                return -1;
            }
            int group = (int) entry;
            if ((int) (entry >>> 32) == hash && keyEquals(group, key, offset, length)) {
                return group;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The group of the key bytes, added as group {@code size()} if absent. */
    int findOrInsert(byte[] key, int offset, int length, int hash) {
        long[] table = slots;
        int slot = hash & mask;
        while (true) {
            long entry = table[slot];
            if (entry == EMPTY) {
                int group = addGroup(key, offset, length, hash);
                table[slot] = ((long) hash << 32) | group;
                if (size * 2L > table.length) {
                    rehash();
                }
                return group;
            }
            int group = (int) entry;
            if ((int) (entry >>> 32) == hash && keyEquals(group, key, offset, length)) {
                return group;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean keyEquals(int group, byte[] key, int offset, int length) {
        int start = offsets[group];
        int end = offsets[group + 1];
        return end - start == length && Arrays.equals(arena, start, end, key, offset, offset + length);
    }

    private int addGroup(byte[] key, int offset, int length, int hash) {
        int group = size++;
        offsets = grow(offsets, group + 2);
        hashes = grow(hashes, group + 1);
        int start = offsets[group];
        long end = (long) start + length;
        if (end > arena.length) {
            if (end > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("group keys take more than 2 GiB; lower weft.memory.budget so that they spill");
            }
            arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(end, arena.length * 2L)));
        }
        System.arraycopy(key, offset, arena, start, length);
        offsets[group + 1] = (int) end;
        hashes[group] = hash;
        return group;
    }

    private int nullGroup() {
        if (nullGroup < 0) {
            nullGroup = size++;
            offsets = grow(offsets, nullGroup + 2);
            hashes = grow(hashes, nullGroup + 1);
            offsets[nullGroup + 1] = offsets[nullGroup];
            hashes[nullGroup] = Hashing.NULL_HASH;
        }
        return nullGroup;
    }

    private void rehash() {
        long[] old = slots;
        allocateSlots(old.length * 2);
        long[] table = slots;
        for (long entry : old) {
            if (entry != EMPTY) {
                int slot = (int) (entry >>> 32) & mask;
                while (table[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = entry;
            }
        }
    }

    private void allocateSlots(int capacity) {
        slots = new long[capacity];
        Arrays.fill(slots, EMPTY);
        mask = capacity - 1;
    }

    @Override
    int size() {
        return size;
    }

    @Override
    int hash(int groupId) {
        return hashes[groupId];
    }

    @Override
    long memoryBytes() {
        return slots.length * 8L + arena.length + offsets.length * 4L + hashes.length * 4L
                + scratch.bytes.length + scratch.hashes.length * 45L + 64;
    }
}
