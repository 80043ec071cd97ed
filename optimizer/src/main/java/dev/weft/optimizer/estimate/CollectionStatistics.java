package dev.weft.optimizer.estimate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.CollectionSource;
import dev.weft.api.types.ElementType;
import dev.weft.api.types.Row;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is known exactly of a collection source: its count; the distinct non-null values of every column when it has
 * at most {@value #MAX_DISTINCT_ELEMENTS} elements (records: component values; rows: fields; scalars: column
 * "value"); and the average length of its string and binary values over the first {@value #MAX_MEASURED_ELEMENTS}
 * elements (UTF-8 bytes).
 */
final class CollectionStatistics {
    static final int MAX_DISTINCT_ELEMENTS = 100_000;
    static final int MAX_MEASURED_ELEMENTS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(CollectionStatistics.class);

    private CollectionStatistics() {}

    /** Column widths (bytes per value) and distinct counts of the source's elements. */
    record Result(Map<String, Double> widths, Map<String, Double> distinctCounts) {
        Result {
            requireNonNull(widths, "widths is null");
            requireNonNull(distinctCounts, "distinctCounts is null");
        }
    }

    static Result of(CollectionSource source) {
        ElementType<?> type = source.output().elementType();
        Schema schema = type.schema();
        List<Field> fields = schema.getFields();
        List<?> elements = source.elements();
        Map<String, Double> widths = SchemaWidths.columnWidths(schema);
        ColumnReader reader = ColumnReader.of(type);
        if (reader == null || elements.isEmpty()) {
            return new Result(widths, elements.isEmpty() ? zeros(fields) : Map.of());
        }
        int columns = fields.size();
        boolean countDistinct = elements.size() <= MAX_DISTINCT_ELEMENTS;
        int measured = Math.min(elements.size(), MAX_MEASURED_ELEMENTS);
        boolean[] variable = new boolean[columns];
        boolean anyVariable = false;
        for (int c = 0; c < columns; c++) {
            variable[c] = SchemaWidths.isVariableWidth(fields.get(c));
            anyVariable |= variable[c];
        }
        if (!countDistinct && !anyVariable) {
            return new Result(widths, Map.of());
        }
        List<Set<Object>> distinct = new java.util.ArrayList<>(columns);
        for (int c = 0; c < columns; c++) {
            distinct.add(new HashSet<>());
        }
        double[] lengths = new double[columns];
        int limit = countDistinct ? elements.size() : measured;
        try {
            for (int i = 0; i < limit; i++) {
                Object element = elements.get(i);
                for (int c = 0; c < columns; c++) {
                    Object value = reader.value(element, c);
                    if (i < measured && variable[c]) {
                        lengths[c] += length(value);
                    }
                    if (countDistinct && value != null) {
                        distinct.get(c).add(value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value);
                    }
                }
            }
        }
        catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot read the elements of {} for estimation: {}", source.info().describe(), e.toString());
            return new Result(widths, Map.of());
        }
        Map<String, Double> distinctCounts = new HashMap<>();
        for (int c = 0; c < columns; c++) {
            Field field = fields.get(c);
            if (variable[c]) {
                widths.put(field.getName(), SchemaWidths.variableWidth(field, lengths[c] / measured));
            }
            if (countDistinct) {
                distinctCounts.put(field.getName(), (double) distinct.get(c).size());
            }
        }
        return new Result(widths, distinctCounts);
    }

    private static Map<String, Double> zeros(List<Field> fields) {
        Map<String, Double> zeros = new LinkedHashMap<>();
        for (Field field : fields) {
            zeros.put(field.getName(), 0.0);
        }
        return zeros;
    }

    private static double length(Object value) {
        if (value instanceof String text) {
            return utf8Length(text);
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof Character) {
            return 2;
        }
        return value == null ? 0 : value.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** Reads column {@code c} of an element. */
    private interface ColumnReader {
        Object value(Object element, int column) throws ReflectiveOperationException;

        static ColumnReader of(ElementType<?> type) {
            return switch (type.shape()) {
                case SCALAR -> (element, column) -> element;
                case ROW -> (element, column) -> ((Row) element).get(column);
                case RECORD -> recordReader(type.javaClass());
            };
        }

        private static ColumnReader recordReader(Class<?> recordClass) {
            RecordComponent[] components = recordClass.getRecordComponents();
            if (components == null) {
                return null;
            }
            Method[] accessors = new Method[components.length];
            try {
                for (int i = 0; i < components.length; i++) {
                    accessors[i] = components[i].getAccessor();
                    accessors[i].setAccessible(true);
                }
            }
            catch (RuntimeException e) { // InaccessibleObjectException, SecurityException
                LOG.debug("cannot read components of {} for estimation: {}", recordClass.getName(), e.toString());
                return null;
            }
            return (element, column) -> accessors[column].invoke(element);
        }
    }
}
