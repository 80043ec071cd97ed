package dev.weft.engine.flink.translate;

import dev.weft.kernels.rows.RowKey;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;

/** Flink type information of Weft rows ({@code Object[]} of the values {@code Row.values()} holds) and keys. */
final class Rows {
    /** Rows travel between tasks through Kryo (value types only: boxed primitives, String, BigDecimal, java.time, byte[], List, Row). */
    static final TypeInformation<Object[]> TYPE = new GenericTypeInfo<>(Object[].class);
    static final TypeInformation<RowKey> KEY = new GenericTypeInfo<>(RowKey.class);

    private Rows() {
    }
}
