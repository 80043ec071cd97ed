package dev.weft.engine.flink.translate;

import dev.weft.kernels.rows.RowKey;
import java.io.Serializable;

/** The key of a row (serializable, shipped to the task managers). */
@FunctionalInterface
interface KeyFunction extends Serializable {
    RowKey key(Object[] row);
}
