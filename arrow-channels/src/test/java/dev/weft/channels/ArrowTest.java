package dev.weft.channels;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh root allocator per test; a test fails if it leaves memory allocated. */
abstract class ArrowTest {
    protected BufferAllocator allocator;

    @BeforeEach
    void createAllocator() {
        allocator = new RootAllocator(Long.MAX_VALUE);
    }

    @AfterEach
    void closeAllocator() {
        assertThat(allocator.getAllocatedMemory()).as("bytes still allocated (leak)").isZero();
        allocator.close();
    }
}
