package dev.weft.kernels.ops;

import java.util.Arrays;

/**
 * A stable sort of row numbers by two unsigned 64-bit words of normalized key per row (see
 * {@link SortKeys#normalizedPrefixes}), then by a full comparator within each run of rows whose words are equal. The
 * first phase is a merge sort that moves the words with the rows, so it reads adjacent memory only; the second phase
 * touches key data only for ties, run by run, while the run's rows are in cache.
 */
final class StableSort {
    private static final int INSERTION_RUN = 32;
    /** From this many rows on, the words are sorted by an LSD radix sort (16-bit digits, trivial digits skipped). */
    private static final int RADIX_THRESHOLD = 1 << 15;
    private static final int DIGIT_BITS = 16;
    private static final int DIGITS_PER_WORD = 64 / DIGIT_BITS;

    interface RowComparator {
        int compare(int a, int b);
    }

    private StableSort() {}

    /** Sorts {@code rows[0..count)} (and their {@code words[2i], words[2i+1]} along); equal rows keep their order. */
    static void sort(int[] rows, long[] words, int count, RowComparator tieBreaker) {
        sortByWords(rows, words, count);
        int start = 0;
        while (start < count) {
            int end = start + 1;
            while (end < count && words[2 * end] == words[2 * start] && words[2 * end + 1] == words[2 * start + 1]) {
                end++;
            }
            if (end - start > 1) {
                sortRun(rows, start, end, tieBreaker);
            }
            start = end;
        }
    }

    private static void sortByWords(int[] rows, long[] words, int count) {
        if (count >= RADIX_THRESHOLD) {
            radixSort(rows, words, count);
            return;
        }
        for (int start = 0; start < count; start += INSERTION_RUN) {
            insertionSort(rows, words, start, Math.min(count, start + INSERTION_RUN));
        }
        if (count <= INSERTION_RUN) {
            return;
        }
        int[] sourceRows = rows;
        long[] sourceWords = words;
        int[] targetRows = new int[count];
        long[] targetWords = new long[2 * count];
        for (int width = INSERTION_RUN; width < count; width *= 2) {
            for (int left = 0; left < count; left += 2 * width) {
                int middle = Math.min(left + width, count);
                int right = Math.min(left + 2 * width, count);
                merge(sourceRows, sourceWords, targetRows, targetWords, left, middle, right);
            }
            int[] swapRows = sourceRows;
            sourceRows = targetRows;
            targetRows = swapRows;
            long[] swapWords = sourceWords;
            sourceWords = targetWords;
            targetWords = swapWords;
        }
        if (sourceRows != rows) {
            System.arraycopy(sourceRows, 0, rows, 0, count);
            System.arraycopy(sourceWords, 0, words, 0, 2 * count);
        }
    }

    private static void radixSort(int[] rows, long[] words, int count) {
        int digits = 2 * DIGITS_PER_WORD;
        int buckets = 1 << DIGIT_BITS;
        int[][] histograms = new int[digits][];
        for (int d = 0; d < digits; d++) {
            histograms[d] = new int[buckets];
        }
        for (int i = 0; i < count; i++) {
            long high = words[2 * i];
            long low = words[2 * i + 1];
            for (int d = 0; d < DIGITS_PER_WORD; d++) {
                histograms[d][digit(low, d)]++;
                histograms[d + DIGITS_PER_WORD][digit(high, d)]++;
            }
        }
        int[] sourceRows = rows;
        long[] sourceWords = words;
        int[] targetRows = new int[count];
        long[] targetWords = new long[2 * count];
        for (int d = 0; d < digits; d++) {
            int[] histogram = histograms[d];
            int wordOffset = d < DIGITS_PER_WORD ? 1 : 0;
            int shift = (d % DIGITS_PER_WORD) * DIGIT_BITS;
            if (histogram[digit(sourceWords[wordOffset], d % DIGITS_PER_WORD)] == count) {
                continue;
            }
            int position = 0;
            for (int b = 0; b < buckets; b++) {
                int bucketCount = histogram[b];
                histogram[b] = position;
                position += bucketCount;
            }
            for (int i = 0; i < count; i++) {
                long high = sourceWords[2 * i];
                long low = sourceWords[2 * i + 1];
                int bucket = (int) (((wordOffset == 1 ? low : high) >>> shift) & (buckets - 1));
                int at = histogram[bucket]++;
                targetRows[at] = sourceRows[i];
                targetWords[2 * at] = high;
                targetWords[2 * at + 1] = low;
            }
            int[] swapRows = sourceRows;
            sourceRows = targetRows;
            targetRows = swapRows;
            long[] swapWords = sourceWords;
            sourceWords = targetWords;
            targetWords = swapWords;
        }
        if (sourceRows != rows) {
            System.arraycopy(sourceRows, 0, rows, 0, count);
            System.arraycopy(sourceWords, 0, words, 0, 2 * count);
        }
    }

    private static int digit(long word, int d) {
        return (int) ((word >>> (d * DIGIT_BITS)) & ((1 << DIGIT_BITS) - 1));
    }

    private static int compareWords(long[] words, int i, int j) {
        int c = Long.compareUnsigned(words[2 * i], words[2 * j]);
        return c != 0 ? c : Long.compareUnsigned(words[2 * i + 1], words[2 * j + 1]);
    }

    private static void insertionSort(int[] rows, long[] words, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int row = rows[i];
            long high = words[2 * i];
            long low = words[2 * i + 1];
            int j = i - 1;
            while (j >= from) {
                int c = Long.compareUnsigned(words[2 * j], high);
                if (c < 0 || c == 0 && Long.compareUnsigned(words[2 * j + 1], low) <= 0) {
                    break;
                }
                rows[j + 1] = rows[j];
                words[2 * j + 2] = words[2 * j];
                words[2 * j + 3] = words[2 * j + 1];
                j--;
            }
            rows[j + 1] = row;
            words[2 * j + 2] = high;
            words[2 * j + 3] = low;
        }
    }

    private static void merge(int[] rows, long[] words, int[] targetRows, long[] targetWords, int left, int middle, int right) {
        if (middle >= right || compareWords(words, middle - 1, middle) <= 0) {
            System.arraycopy(rows, left, targetRows, left, right - left);
            System.arraycopy(words, 2 * left, targetWords, 2 * left, 2 * (right - left));
            return;
        }
        int i = left;
        int j = middle;
        int k = left;
        while (i < middle && j < right) {
            int from = compareWords(words, j, i) < 0 ? j++ : i++;
            targetRows[k] = rows[from];
            targetWords[2 * k] = words[2 * from];
            targetWords[2 * k + 1] = words[2 * from + 1];
            k++;
        }
        if (i < middle) {
            System.arraycopy(rows, i, targetRows, k, middle - i);
            System.arraycopy(words, 2 * i, targetWords, 2 * k, 2 * (middle - i));
        } else if (j < right) {
            System.arraycopy(rows, j, targetRows, k, right - j);
            System.arraycopy(words, 2 * j, targetWords, 2 * k, 2 * (right - j));
        }
    }

    /** Stable sort of {@code rows[from..to)} with the comparator: insertion sort for short runs, merge sort otherwise. */
    private static void sortRun(int[] rows, int from, int to, RowComparator comparator) {
        int length = to - from;
        if (length <= INSERTION_RUN) {
            for (int i = from + 1; i < to; i++) {
                int row = rows[i];
                int j = i - 1;
                while (j >= from && comparator.compare(rows[j], row) > 0) {
                    rows[j + 1] = rows[j];
                    j--;
                }
                rows[j + 1] = row;
            }
            return;
        }
        int middle = from + length / 2;
        sortRun(rows, from, middle, comparator);
        sortRun(rows, middle, to, comparator);
        if (comparator.compare(rows[middle - 1], rows[middle]) <= 0) {
            return;
        }
        int[] left = Arrays.copyOfRange(rows, from, middle);
        int i = 0;
        int j = middle;
        int k = from;
        while (i < left.length && j < to) {
            rows[k++] = comparator.compare(rows[j], left[i]) < 0 ? rows[j++] : left[i++];
        }
        while (i < left.length) {
            rows[k++] = left[i++];
        }
    }
}
