package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import dev.weft.api.function.FilterFunction;
import dev.weft.api.plan.FilterCondition;
import dev.weft.api.plan.FilterOperator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A filter over rows, as the Java engine's FilterNode / lambda chain computes it: a declarative predicate is
 * evaluated by the kernels on batches of rows (NULL counts as false); a lambda is called with each decoded element.
 * Serializable; an instance is used by one thread at a time.
 */
public final class RowFilter implements RowTransform {
    private static final long serialVersionUID = 1L;

    private final String operator;
    private final RowExpressions predicate;        // declarative, else null
    private final FilterFunction<Object> function; // lambda, else null
    private final RowCodec input;

    private RowFilter(String operator, RowExpressions predicate, FilterFunction<Object> function, RowCodec input) {
        this.operator = operator;
        this.predicate = predicate;
        this.function = function;
        this.input = input;
    }

    @SuppressWarnings("unchecked")
    public static RowFilter of(FilterOperator filter) {
        requireNonNull(filter, "filter is null");
        String describe = filter.info().describe();
        RowCodec input = RowCodec.of(filter.input().output().elementType());
        if (filter.condition() instanceof FilterCondition.Declarative declarative) {
            return new RowFilter(describe, RowExpressions.of(describe, List.of(declarative.predicate()), filter.input().schema()), null, input);
        }
        FilterCondition.Lambda lambda = (FilterCondition.Lambda) filter.condition();
        return new RowFilter(describe, null, (FilterFunction<Object>) lambda.function().function(), input);
    }

    public boolean isDeclarative() {
        return predicate != null;
    }

    @Override
    public Iterator<Object[]> apply(Iterator<Object[]> rows) {
        return apply(rows, RowMemory.allocator());
    }

    /** The rows that pass; the allocator holds each evaluated batch only while it is evaluated. */
    public Iterator<Object[]> apply(Iterator<Object[]> rows, BufferAllocator allocator) {
        if (predicate != null) {
            return new Chunks(rows, RowBatches.DEFAULT_BATCH_SIZE, chunk -> {
                List<Object[]> values = predicate.evaluate(chunk, allocator);
                List<Object[]> kept = new ArrayList<>();
                for (int i = 0; i < chunk.size(); i++) {
                    if (Boolean.TRUE.equals(values.get(i)[0])) {
                        kept.add(chunk.get(i));
                    }
                }
                return kept;
            });
        }
        return new Chunks(rows, 1, chunk -> {
            Object[] row = chunk.get(0);
            Object element = input.fromRow(row);
            boolean keep;
            try {
                keep = function.test(element);
            } catch (Exception e) {
                throw RowErrors.failed(operator, element, e);
            }
            return keep ? chunk : List.of();
        });
    }
}
