package dev.weft.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;

/** Rows compared in order, doubles to 1e-9 relative (engines add sums in different orders). */
final class Answers {
    private Answers() {}

    static void assertSameRows(List<Object[]> actual, List<Object[]> expected) {
        assertThat(actual).as("row count").hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Object[] want = expected.get(i);
            Object[] got = actual.get(i);
            assertThat(got).as("row %d: %s vs %s", i, Arrays.toString(got), Arrays.toString(want)).hasSameSizeAs(want);
            for (int c = 0; c < want.length; c++) {
                if (want[c] instanceof Double w && got[c] instanceof Double g) {
                    assertThat(g).as("row %d column %d", i, c).isCloseTo(w, Offset.offset(Math.abs(w) * 1e-9 + 1e-9));
                } else {
                    assertThat(got[c]).as("row %d column %d: %s vs %s", i, c, Arrays.toString(got), Arrays.toString(want)).isEqualTo(want[c]);
                }
            }
        }
    }
}
