package dev.weft.flight;

import org.apache.arrow.memory.rounding.RoundingPolicy;

/**
 * Rounds allocations close to what was asked: small requests (up to 1 KiB) to a power of two as Arrow's default
 * policy does, larger ones only up to a multiple of 1 KiB. Arrow's default rounds everything below its chunk size to
 * a power of two, so a received 520 KiB message body is charged (and held) as 1 MiB: stored data would cost up to
 * twice its size. {@link org.apache.arrow.memory.rounding.SegmentRoundingPolicy} alone would charge 1 KiB for every
 * 8-byte validity buffer of a small batch instead.
 */
final class CompactRoundingPolicy implements RoundingPolicy {
    static final long SEGMENT_BYTES = 1024;

    @Override
    public long getRoundedSize(long requestSize) {
        if (requestSize <= 1) {
            return requestSize;
        }
        if (requestSize <= SEGMENT_BYTES) {
            return Long.highestOneBit(requestSize - 1) << 1;
        }
        return (requestSize + SEGMENT_BYTES - 1) / SEGMENT_BYTES * SEGMENT_BYTES;
    }

    @Override
    public String toString() {
        return "CompactRoundingPolicy[powers of two up to %d bytes, multiples of %d above]".formatted(SEGMENT_BYTES, SEGMENT_BYTES);
    }
}
