package dev.weft.engine.java.physical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hash-splitting join keys into grace hash join buckets. */
class TestJoinBuckets {
    private RootAllocator allocator;

    @BeforeEach
    void start() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void stop() {
        assertThat(allocator.getAllocatedMemory()).as("bytes left allocated").isZero();
        allocator.close();
    }

    @Test
    void equalKeysShareABucketAndLevelsSpreadThemDifferently() {
        try (BigIntVector keys = new BigIntVector("k", allocator)) {
            int rows = 10_000;
            keys.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                keys.set(i, i % 5_000);
            }
            keys.setValueCount(rows);
            try (VectorSchemaRoot batch = new VectorSchemaRoot(List.<FieldVector>of(keys))) {
                int[] level1 = JoinBuckets.bucketsOf(batch, new int[] {0}, 1, 16, true);
                int[] level2 = JoinBuckets.bucketsOf(batch, new int[] {0}, 2, 16, true);
                for (int i = 0; i < 5_000; i++) {
                    assertThat(level1[i + 5_000]).isEqualTo(level1[i]);
                }
                int[] counts = new int[16];
                int[] within = new int[16];
                for (int i = 0; i < rows; i++) {
                    counts[level1[i]]++;
                    if (level1[i] == level1[0]) {
                        within[level2[i]]++;
                    }
                }
                assertThat(Arrays.stream(counts).min().orElseThrow()).as("balanced buckets %s", Arrays.toString(counts)).isGreaterThan(400);
                assertThat(Arrays.stream(within).filter(c -> c > 0).count()).as("one bucket re-split at level 2").isEqualTo(16);
            }
        }
    }

    @Test
    void nullKeysAreDroppedOnRequestAndZerosAndNaNsHashAlike() {
        try (Float8Vector keys = new Float8Vector("k", allocator)) {
            keys.allocateNew(5);
            keys.set(0, 0.0);
            keys.set(1, -0.0);
            keys.set(2, Double.NaN);
            keys.set(3, Double.longBitsToDouble(0x7ff8000000000001L));
            keys.setNull(4);
            keys.setValueCount(5);
            try (VectorSchemaRoot batch = new VectorSchemaRoot(List.<FieldVector>of(keys))) {
                for (int level = 1; level <= 3; level++) {
                    int[] buckets = JoinBuckets.bucketsOf(batch, new int[] {0}, level, 1 << 20, true);
                    assertThat(buckets[1]).isEqualTo(buckets[0]);
                    assertThat(buckets[3]).isEqualTo(buckets[2]);
                    assertThat(buckets[4]).isEqualTo(-1);
                }
                assertThat(JoinBuckets.bucketsOf(batch, new int[] {0}, 1, 16, false)[4]).isBetween(0, 15);
            }
        }
    }
}
