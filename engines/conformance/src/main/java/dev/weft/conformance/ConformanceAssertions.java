package dev.weft.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.CallSite;
import dev.weft.api.types.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.assertj.core.api.Assertions;

/** Checks the conformance tests share: multiset equality that scales to 100k elements, row values, call sites. */
public final class ConformanceAssertions {
    private static final int EXAMPLES = 10;

    private ConformanceAssertions() {}

    /** The same elements with the same multiplicities, in any order. */
    public static <T> void assertSameElements(Collection<? extends T> actual, Collection<? extends T> expected) {
        Map<Object, Integer> missing = counts(expected);
        List<Object> unexpected = new ArrayList<>();
        for (T element : actual) {
            Integer count = missing.get(element);
            if (count == null) {
                unexpected.add(element);
            } else if (count == 1) {
                missing.remove(element);
            } else {
                missing.put(element, count - 1);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            Assertions.fail("expected %d elements, got %d; missing (up to %d): %s; unexpected (up to %d): %s".formatted(
                    expected.size(), actual.size(), EXAMPLES, examples(missing), EXAMPLES,
                    unexpected.stream().limit(EXAMPLES).toList()));
        }
    }

    /** Every element of {@code actual} is an element of {@code input}, no more often than there. */
    public static <T> void assertSubsetOf(Collection<? extends T> actual, Collection<? extends T> input) {
        Map<Object, Integer> available = counts(input);
        for (T element : actual) {
            Integer count = available.get(element);
            assertThat(count).as("element %s is not in the input (or more often than there)", element).isNotNull();
            if (count == 1) {
                available.remove(element);
            } else {
                available.put(element, count - 1);
            }
        }
    }

    /** The values of a row as a list (NULLs allowed), for comparison with {@link #values}. */
    public static List<Object> valuesOf(Row row) {
        return Arrays.asList(row.values());
    }

    public static List<List<Object>> valuesOf(List<Row> rows) {
        return rows.stream().map(ConformanceAssertions::valuesOf).toList();
    }

    /** An expected row: values in column order, NULLs allowed. */
    public static List<Object> values(Object... values) {
        return Arrays.asList(values);
    }

    public static List<String> columnNames(Row row) {
        return row.schema().getFields().stream().map(Field::getName).toList();
    }

    /** "EngineConformanceTest.java:123": how a message names a call site's file and line. */
    public static String fileAndLine(CallSite callSite) {
        return "%s:%d".formatted(callSite.fileName(), callSite.lineNumber());
    }

    /** The line of the caller's source that calls this method. */
    public static int currentLine() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber();
    }

    private static Map<Object, Integer> counts(Collection<?> elements) {
        Map<Object, Integer> counts = new HashMap<>();
        for (Object element : elements) {
            counts.merge(element, 1, Integer::sum);
        }
        return counts;
    }

    private static String examples(Map<Object, Integer> missing) {
        return missing.entrySet().stream().limit(EXAMPLES)
                .map(e -> e.getValue() == 1 ? String.valueOf(e.getKey()) : "%s (x%d)".formatted(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
