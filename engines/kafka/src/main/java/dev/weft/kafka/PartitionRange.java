package dev.weft.kafka;

/** Offsets [start, end) of one partition to read; end is {@link Long#MAX_VALUE} for an unbounded read. */
record PartitionRange(int partition, long start, long end) {
    long size() {
        return end == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, end - start);
    }
}
