package dev.weft.engine.flink.translate;

import dev.weft.kernels.rows.RowKey;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/** What a shuffled two-input operator does with the rows of both inputs that share a key (a join, a coGroup ...). */
@FunctionalInterface
interface GroupPairFunction extends Serializable {
    Iterator<Object[]> apply(RowKey key, List<Object[]> left, List<Object[]> right);
}
