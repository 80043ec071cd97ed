package dev.weft.channels;

import static dev.weft.channels.Fixtures.decode;
import static dev.weft.channels.Fixtures.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.ElementType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestInProcessChannel extends ArrowTest {
    private static final ElementType<Long> LONGS = ElementType.of(Long.class);

    private ExecutorService executor;

    @BeforeEach
    void createExecutor() {
        executor = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private VectorSchemaRoot longs(long... values) {
        List<Long> list = new ArrayList<>();
        for (long value : values) {
            list.add(value);
        }
        return encode(LONGS, list, allocator);
    }

    @Test
    void batchesPassByReference() {
        try (InProcessChannel channel = new InProcessChannel("strings", 2)) {
            VectorSchemaRoot batch = encode(ElementType.of(String.class), List.of("a", "bb"), allocator);
            long dataAddress = ((VarCharVector) batch.getVector(0)).getDataBuffer().memoryAddress();
            long allocated = allocator.getAllocatedMemory();
            channel.write(batch);
            channel.complete();
            try (RefCountedBatch received = channel.take().orElseThrow()) {
                assertThat(received.root()).isSameAs(batch);
                assertThat(((VarCharVector) received.root().getVector(0)).getDataBuffer().memoryAddress()).isEqualTo(dataAddress);
                assertThat(allocator.getAllocatedMemory()).isEqualTo(allocated);
                assertThat(decode(ElementType.of(String.class), received.root())).containsExactly("a", "bb");
            }
            assertThat(channel.take()).isEmpty();
            assertThat(channel.rowsWritten()).isEqualTo(2);
            assertThat(channel.batchesWritten()).isOne();
            assertThat(channel.bytesWritten()).isPositive();
        }
    }

    @Test
    void eachProducersBatchesArriveInOrder() throws Exception {
        int producers = 4;
        int batchesEach = 100;
        try (InProcessChannel channel = new InProcessChannel("numbers", 3)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int producer = 0; producer < producers; producer++) {
                long base = producer * 1_000_000L;
                writers.add(executor.submit(() -> {
                    for (int sequence = 0; sequence < batchesEach; sequence++) {
                        channel.write(longs(base + sequence, base + sequence));
                    }
                }));
            }
            executor.submit(() -> {
                for (Future<?> writer : writers) {
                    writer.get();
                }
                channel.complete();
                return null;
            });
            Map<Long, List<Long>> received = new HashMap<>();
            Optional<RefCountedBatch> next;
            while ((next = channel.take()).isPresent()) {
                try (RefCountedBatch batch = next.get()) {
                    long value = ((BigIntVector) batch.root().getVector(0)).get(0);
                    received.computeIfAbsent(value / 1_000_000L, producer -> new ArrayList<>()).add(value % 1_000_000L);
                }
            }
            assertThat(received).hasSize(producers);
            List<Long> expected = java.util.stream.LongStream.range(0, batchesEach).boxed().toList();
            received.values().forEach(sequence -> assertThat(sequence).isEqualTo(expected));
            assertThat(channel.rowsWritten()).isEqualTo(2L * producers * batchesEach);
        }
    }

    @Test
    void producerBlocksWhileTheQueueIsFull() throws Exception {
        try (InProcessChannel channel = new InProcessChannel("bounded", 2)) {
            AtomicInteger written = new AtomicInteger();
            AtomicReference<Thread> producerThread = new AtomicReference<>();
            Future<?> producer = executor.submit(() -> {
                producerThread.set(Thread.currentThread());
                for (int i = 0; i < 3; i++) {
                    channel.write(longs(i));
                    written.incrementAndGet();
                }
            });
            awaitBlocked(producerThread);
            assertThat(written).hasValue(2);
            assertThat(channel.queued()).isEqualTo(2);
            assertThat(producer).isNotDone();

            try (RefCountedBatch first = channel.take().orElseThrow()) {
                assertThat(decode(LONGS, first.root())).containsExactly(0L);
            }
            producer.get(10, TimeUnit.SECONDS);
            assertThat(written).hasValue(3);
            assertThat(channel.queued()).isEqualTo(2);
        }
    }

    @Test
    void failureReachesTheConsumerAndReleasesQueuedBatches() {
        try (InProcessChannel channel = new InProcessChannel("failing", 4)) {
            channel.write(longs(1));
            channel.write(longs(2));
            channel.fail(new IllegalStateException("disk on fire"));
            assertThat(allocator.getAllocatedMemory()).isZero();
            assertThatThrownBy(channel::take)
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining("channel failing failed")
                    .hasMessageContaining("disk on fire")
                    .hasRootCauseInstanceOf(IllegalStateException.class);
            VectorSchemaRoot late = longs(3);
            assertThatThrownBy(() -> channel.write(late)).isInstanceOf(WeftException.class).hasMessageContaining("has failed");
            assertThat(allocator.getAllocatedMemory()).as("a rejected batch is released").isZero();
        }
    }

    @Test
    void weftFailureKeepsItsErrorCode() {
        try (InProcessChannel channel = new InProcessChannel("typed", 1)) {
            channel.fail(new WeftException(ErrorCode.USER_FUNCTION_FAILED, "map function threw"));
            assertThatThrownBy(channel::take)
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.USER_FUNCTION_FAILED))
                    .hasMessageContaining("map function threw");
        }
    }

    @Test
    void blockedProducerWakesWhenTheChannelFails() throws Exception {
        try (InProcessChannel channel = new InProcessChannel("blocked", 1)) {
            channel.write(longs(1));
            AtomicReference<Thread> producerThread = new AtomicReference<>();
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                producerThread.set(Thread.currentThread());
                channel.write(longs(2));
            }, executor);
            awaitBlocked(producerThread);
            channel.fail(new RuntimeException("consumer gave up"));
            assertThatThrownBy(() -> producer.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(WeftException.class)
                    .hasMessageContaining("consumer gave up");
        }
        assertThat(allocator.getAllocatedMemory()).isZero();
    }

    @Test
    void closeReleasesQueuedBatchesAndWakesProducers() throws Exception {
        InProcessChannel channel = new InProcessChannel("closing", 2);
        channel.write(longs(1, 2, 3));
        channel.write(longs(4));
        AtomicReference<Thread> producerThread = new AtomicReference<>();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            producerThread.set(Thread.currentThread());
            channel.write(longs(5));
        }, executor);
        awaitBlocked(producerThread);
        assertThat(allocator.getAllocatedMemory()).isPositive();
        channel.close();
        assertThatThrownBy(() -> producer.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(WeftException.class)
                .hasMessageContaining("channel closing is closed");
        assertThat(allocator.getAllocatedMemory()).isZero();
        assertThatThrownBy(channel::take).isInstanceOf(IllegalStateException.class);
        channel.close();
    }

    @Test
    void writeAfterCompleteIsRejectedAndReleased() {
        try (InProcessChannel channel = new InProcessChannel("done", 1)) {
            channel.complete();
            VectorSchemaRoot late = longs(1);
            assertThatThrownBy(() -> channel.write(late)).isInstanceOf(IllegalStateException.class).hasMessageContaining("complete");
            assertThat(allocator.getAllocatedMemory()).isZero();
            assertThat(channel.take()).isEmpty();
        }
    }

    @Test
    void consumerWaitsForTheFirstBatch() throws Exception {
        try (InProcessChannel channel = new InProcessChannel("waiting", 1)) {
            AtomicReference<Thread> consumerThread = new AtomicReference<>();
            Future<List<Long>> consumer = executor.submit(() -> {
                consumerThread.set(Thread.currentThread());
                try (RefCountedBatch batch = channel.take().orElseThrow()) {
                    return decode(LONGS, batch.root());
                }
            });
            awaitBlocked(consumerThread);
            channel.write(longs(42));
            assertThat(consumer.get(10, TimeUnit.SECONDS)).containsExactly(42L);
        }
    }

    @Test
    void retainedBatchFansOutToSeveralChannelsByReference() {
        try (InProcessChannel left = new InProcessChannel("left", 1); InProcessChannel right = new InProcessChannel("right", 1)) {
            RefCountedBatch batch = RefCountedBatch.of(longs(7));
            left.write(batch.retain());
            right.write(batch);
            try (RefCountedBatch fromLeft = left.take().orElseThrow()) {
                assertThat(fromLeft.root()).isSameAs(right.take().orElseThrow().root());
            }
            assertThat(batch.referenceCount()).isOne();
            batch.close();
        }
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new InProcessChannel("none", 0))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    /** Waits until the thread is parked (blocked in the channel); fails after 10 seconds. */
    private static void awaitBlocked(AtomicReference<Thread> thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread current = thread.get();
            if (current != null && current.getState() == Thread.State.WAITING) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("thread did not block within 10 seconds");
    }
}
