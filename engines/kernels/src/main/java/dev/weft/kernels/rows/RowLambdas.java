package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import dev.weft.api.function.FlatMapFunction;
import dev.weft.api.function.MapFunction;
import dev.weft.api.function.MapPartitionsFunction;
import dev.weft.api.plan.FlatMapOperator;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.plan.MapPartitionsOperator;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * map, flatMap and mapPartitions lambdas over rows, as the Java engine's lambda chain and MapPartitionsNode run them:
 * each row is decoded to the input element, the function runs, its results are checked against the declared output
 * class (WRONG_OUTPUT_TYPE) and encoded to rows; a failing function gives USER_FUNCTION_FAILED naming the operator
 * and the element. Every transform is serializable (it holds the user function itself and the codecs).
 */
public final class RowLambdas {
    private RowLambdas() {}

    @SuppressWarnings("unchecked")
    public static RowTransform map(MapOperator operator) {
        requireNonNull(operator, "operator is null");
        String describe = operator.info().describe();
        MapFunction<Object, Object> function = (MapFunction<Object, Object>) operator.function().function();
        RowCodec input = RowCodec.of(operator.input().output().elementType());
        RowCodec output = RowCodec.of(operator.output().elementType());
        return new MapTransform(describe, function, input, output);
    }

    @SuppressWarnings("unchecked")
    public static RowTransform flatMap(FlatMapOperator operator) {
        requireNonNull(operator, "operator is null");
        String describe = operator.info().describe();
        FlatMapFunction<Object, Object> function = (FlatMapFunction<Object, Object>) operator.function().function();
        RowCodec input = RowCodec.of(operator.input().output().elementType());
        RowCodec output = RowCodec.of(operator.output().elementType());
        return new FlatMapTransform(describe, function, input, output);
    }

    /** The function sees the partition's elements lazily (the Java engine buffers the partition first: same result). */
    @SuppressWarnings("unchecked")
    public static RowTransform mapPartitions(MapPartitionsOperator operator) {
        requireNonNull(operator, "operator is null");
        String describe = operator.info().describe();
        MapPartitionsFunction<Object, Object> function = (MapPartitionsFunction<Object, Object>) operator.function().function();
        RowCodec input = RowCodec.of(operator.input().output().elementType());
        RowCodec output = RowCodec.of(operator.output().elementType());
        return new MapPartitionsTransform(describe, function, input, output);
    }

    private record MapTransform(String operator, MapFunction<Object, Object> function, RowCodec input, RowCodec output)
            implements RowTransform {
        @Override
        public Iterator<Object[]> apply(Iterator<Object[]> rows) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Object[] next() {
                    Object element = input.fromRow(rows.next());
                    Object result;
                    try {
                        result = function.map(element);
                    } catch (Exception e) {
                        throw RowErrors.failed(operator, element, e);
                    }
                    return output.toRow(RowErrors.checkOutput(operator, output.javaClass(), result));
                }
            };
        }
    }

    private record FlatMapTransform(String operator, FlatMapFunction<Object, Object> function, RowCodec input, RowCodec output)
            implements RowTransform {
        @Override
        public Iterator<Object[]> apply(Iterator<Object[]> rows) {
            ArrayDeque<Object[]> pending = new ArrayDeque<>();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    while (pending.isEmpty() && rows.hasNext()) {
                        Object element = input.fromRow(rows.next());
                        try {
                            function.flatMap(element, value -> pending.add(output.toRow(RowErrors.checkOutput(operator, output.javaClass(), value))));
                        } catch (dev.weft.api.WeftException e) {
                            throw e;
                        } catch (Exception e) {
                            throw RowErrors.failed(operator, element, e);
                        }
                    }
                    return !pending.isEmpty();
                }

                @Override
                public Object[] next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return pending.poll();
                }
            };
        }
    }

    private record MapPartitionsTransform(String operator, MapPartitionsFunction<Object, Object> function, RowCodec input,
                                          RowCodec output) implements RowTransform {
        @Override
        public Iterator<Object[]> apply(Iterator<Object[]> rows) {
            long[] read = {0};
            Object[] last = {null};
            Iterator<Object> elements = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Object next() {
                    Object element = input.fromRow(rows.next());
                    read[0]++;
                    last[0] = element;
                    return element;
                }
            };
            Iterator<Object> results;
            try {
                results = function.mapPartition(elements);
            } catch (Exception e) {
                throw failure(read[0], last[0], e);
            }
            if (results == null) {
                return java.util.Collections.emptyIterator();
            }
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    try {
                        return results.hasNext();
                    } catch (RuntimeException e) {
                        throw failure(read[0], last[0], e);
                    }
                }

                @Override
                public Object[] next() {
                    Object result;
                    try {
                        result = results.next();
                    } catch (NoSuchElementException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        throw failure(read[0], last[0], e);
                    }
                    return output.toRow(RowErrors.checkOutput(operator, output.javaClass(), result));
                }
            };
        }

        private RuntimeException failure(long read, Object last, Exception cause) {
            String where = read > 0 ? "the partition after element %s".formatted(RowErrors.render(last)) : "the partition";
            return RowErrors.failedAt(operator, where, cause);
        }
    }
}
