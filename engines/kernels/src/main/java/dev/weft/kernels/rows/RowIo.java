package dev.weft.kernels.rows;

import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SourceOperator;

/** Entry points for file and generator IO on rows: see {@link RowSource} and {@link RowSink}. */
public final class RowIo {
    private RowIo() {}

    /** Text, CSV or TPC-H source: splits on the host, rows per split in the tasks. */
    public static RowSource source(SourceOperator source) {
        return RowSource.of(source);
    }

    /** Text or CSV file sink: one writer, rows in order, committed atomically. */
    public static RowSink sink(SinkOperator sink) {
        return RowSink.of(sink);
    }

    /** Whether {@link #source} supports the operator. */
    public static boolean supports(SourceOperator source) {
        return source instanceof dev.weft.api.plan.TextFileSource || source instanceof dev.weft.api.plan.CsvFileSource
                || source instanceof dev.weft.api.plan.TpchSource;
    }

    /** Whether {@link #sink} supports the operator. */
    public static boolean supports(SinkOperator sink) {
        return sink instanceof dev.weft.api.plan.TextFileSink || sink instanceof dev.weft.api.plan.CsvFileSink;
    }
}
