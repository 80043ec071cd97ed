package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Iterator;

/** A lazy, serializable transformation of a partition's rows (filter, project, map, flatMap, mapPartitions, ...). */
@FunctionalInterface
public interface RowTransform extends Serializable {
    /** The output rows, computed lazily while the caller iterates. */
    Iterator<Object[]> apply(Iterator<Object[]> rows);

    /** This transformation, then {@code next} (fused, one pass). */
    default RowTransform andThen(RowTransform next) {
        requireNonNull(next, "next is null");
        RowTransform first = this;
        return rows -> next.apply(first.apply(rows));
    }
}
