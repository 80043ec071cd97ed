package dev.weft.kernels.rows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** Lazily maps chunks of up to {@code size} input rows to lists of output rows (batch-at-a-time work on rows). */
final class Chunks implements Iterator<Object[]> {
    private final Iterator<Object[]> input;
    private final int size;
    private final Function<List<Object[]>, List<Object[]>> work;
    private List<Object[]> current = List.of();
    private int next;

    Chunks(Iterator<Object[]> input, int size, Function<List<Object[]>, List<Object[]>> work) {
        this.input = input;
        this.size = size;
        this.work = work;
    }

    @Override
    public boolean hasNext() {
        while (next >= current.size()) {
            if (!input.hasNext()) {
                return false;
            }
            List<Object[]> chunk = new ArrayList<>(size);
            while (chunk.size() < size && input.hasNext()) {
                chunk.add(input.next());
            }
            current = work.apply(chunk);
            next = 0;
        }
        return true;
    }

    @Override
    public Object[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.get(next++);
    }
}
