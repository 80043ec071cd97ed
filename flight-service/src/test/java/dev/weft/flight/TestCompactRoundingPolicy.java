package dev.weft.flight;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

class TestCompactRoundingPolicy {
    private final CompactRoundingPolicy policy = new CompactRoundingPolicy();

    @Test
    void smallRequestsRoundToAPowerOfTwo() {
        assertThat(policy.getRoundedSize(0)).isZero();
        assertThat(policy.getRoundedSize(1)).isEqualTo(1);
        assertThat(policy.getRoundedSize(3)).isEqualTo(4);
        assertThat(policy.getRoundedSize(8)).isEqualTo(8);
        assertThat(policy.getRoundedSize(9)).isEqualTo(16);
        assertThat(policy.getRoundedSize(1000)).isEqualTo(1024);
        assertThat(policy.getRoundedSize(1024)).isEqualTo(1024);
    }

    @Test
    void largeRequestsRoundOnlyToAKibibyte() {
        assertThat(policy.getRoundedSize(1025)).isEqualTo(2048);
        assertThat(policy.getRoundedSize(520 * 1024 + 1)).isEqualTo(521 * 1024);
        assertThat(policy.getRoundedSize(5L << 20)).isEqualTo(5L << 20);
    }

    @Test
    void anAllocatorWithThePolicyChargesAlmostWhatWasAsked() {
        try (BufferAllocator allocator = new RootAllocator(AllocationListener.NOOP, Long.MAX_VALUE, policy);
                BufferAllocator child = allocator.newChildAllocator("child", 0, Long.MAX_VALUE);
                ArrowBuf buffer = child.buffer(520 * 1024 + 8)) {
            assertThat(child.getAllocatedMemory()).isEqualTo(521 * 1024);
            assertThat(buffer.capacity()).isGreaterThanOrEqualTo(520 * 1024 + 8);
        }
    }
}
