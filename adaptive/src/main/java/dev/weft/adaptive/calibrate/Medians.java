package dev.weft.adaptive.calibrate;

import java.util.List;

/** The median of measured times: robust to the odd slow run (a GC pause, another process). */
final class Medians {
    private Medians() {}

    /** The middle value; for an even count, the mean of the two middle ones. */
    static double of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
