package dev.weft.kernels.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TestMemoryBudget {
    @Test
    void reservesUpToTheLimit() {
        MemoryBudget budget = new MemoryBudget(100);
        assertThat(budget.tryReserve(60)).isTrue();
        assertThat(budget.tryReserve(50)).isFalse();
        assertThat(budget.reserved()).isEqualTo(60);
        assertThat(budget.tryReserve(40)).isTrue();
        assertThat(budget.available()).isZero();
        budget.release(100);
        assertThat(budget.reserved()).isZero();
        assertThat(budget.limit()).isEqualTo(100);
        assertThat(budget.tryReserve(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void rejectsNegativeAmountsAndOverRelease() {
        assertThatThrownBy(() -> new MemoryBudget(-1)).isInstanceOf(IllegalArgumentException.class);
        MemoryBudget budget = new MemoryBudget(10);
        assertThatThrownBy(() -> budget.tryReserve(-1)).isInstanceOf(IllegalArgumentException.class);
        budget.tryReserve(5);
        assertThatThrownBy(() -> budget.release(6)).isInstanceOf(IllegalStateException.class).hasMessageContaining("only 5");
        assertThat(budget.reserved()).isEqualTo(5);
    }

    @Test
    void concurrentReservationsNeverExceedTheLimit() throws InterruptedException {
        MemoryBudget budget = new MemoryBudget(1000);
        AtomicLong granted = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    if (budget.tryReserve(7)) {
                        granted.addAndGet(7);
                        assertThat(budget.reserved()).isLessThanOrEqualTo(1000);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(budget.reserved()).isEqualTo(granted.get()).isLessThanOrEqualTo(1000).isGreaterThan(1000 - 7);
    }

    @Test
    void aReservationResizesAndReleasesEverythingOnClose() {
        MemoryBudget budget = new MemoryBudget(100);
        try (MemoryReservation reservation = new MemoryReservation(budget)) {
            assertThat(reservation.tryResize(70)).isTrue();
            assertThat(reservation.tryResize(120)).isFalse();
            assertThat(reservation.bytes()).isEqualTo(70);
            assertThat(reservation.tryResize(30)).isTrue();
            assertThat(budget.reserved()).isEqualTo(30);
        }
        assertThat(budget.reserved()).isZero();
    }
}
