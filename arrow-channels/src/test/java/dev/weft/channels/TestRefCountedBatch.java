package dev.weft.channels;

import static dev.weft.channels.Fixtures.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.types.ElementType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestRefCountedBatch extends ArrowTest {
    @Test
    void lastCloseReleasesTheBatch() {
        RefCountedBatch batch = RefCountedBatch.of(encode(ElementType.of(Long.class), List.of(1L, 2L), allocator));
        assertThat(batch.referenceCount()).isOne();
        assertThat(batch.retain()).isSameAs(batch);
        assertThat(batch.referenceCount()).isEqualTo(2);
        batch.close();
        assertThat(allocator.getAllocatedMemory()).as("still referenced").isPositive();
        assertThat(batch.rowCount()).isEqualTo(2);
        batch.close();
        assertThat(batch.referenceCount()).isZero();
        assertThat(allocator.getAllocatedMemory()).isZero();
    }

    @Test
    void closingMoreOftenThanRetainedThrows() {
        RefCountedBatch batch = RefCountedBatch.of(encode(ElementType.of(String.class), List.of("x"), allocator));
        batch.close();
        assertThatThrownBy(batch::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("already closed");
        assertThatThrownBy(batch::retain).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(batch::root).isInstanceOf(IllegalStateException.class);
    }
}
