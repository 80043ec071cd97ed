package dev.weft.engine.flink.translate;

import static java.util.Objects.requireNonNull;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A Weft operator's output as a Flink stream of rows. {@code ordered}: the stream runs at parallelism 1 and its order
 * is the operator's order (after a sort, a limit, a collection source); row-wise operators keep it that way.
 */
record Translated(DataStream<Object[]> stream, boolean ordered) {
    Translated {
        requireNonNull(stream, "stream is null");
    }
}
