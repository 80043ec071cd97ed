package dev.weft.kernels.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestStableSort {
    @Test
    void ordersByWordsThenByTheTieBreakerAndKeepsInputOrderOtherwise() {
        for (int count : new int[] {0, 1, 31, 33, 1000, 20_000, 70_000}) {
            Random random = new Random(count);
            long[] words = new long[2 * count];
            int[] tieKey = new int[count];
            for (int i = 0; i < count; i++) {
                words[2 * i] = random.nextInt(4) == 0 ? -1L - random.nextInt(3) : random.nextInt(50) * 0x0101010101010101L;
                words[2 * i + 1] = random.nextBoolean() ? Long.MIN_VALUE + random.nextInt(3) : random.nextInt(3);
                tieKey[i] = random.nextInt(3);
            }
            List<long[]> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expected.add(new long[] {words[2 * i], words[2 * i + 1], tieKey[i], i});
            }
            expected.sort(Comparator.<long[]>comparingLong(e -> e[0] ^ Long.MIN_VALUE)
                    .thenComparingLong(e -> e[1] ^ Long.MIN_VALUE)
                    .thenComparingLong(e -> e[2]));
            int[] rows = ColumnWriter.identity(count);
            StableSort.sort(rows, words, count, (a, b) -> Integer.compare(tieKey[a], tieKey[b]));
            for (int i = 0; i < count; i++) {
                assertThat(rows[i]).as("position %d of %d", i, count).isEqualTo((int) expected.get(i)[3]);
                assertThat(words[2 * i]).isEqualTo(expected.get(i)[0]);
                assertThat(words[2 * i + 1]).isEqualTo(expected.get(i)[1]);
            }
        }
    }
}
