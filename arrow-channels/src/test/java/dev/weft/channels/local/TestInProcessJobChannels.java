package dev.weft.channels.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.plan.StageSplitter;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.Stage;
import dev.weft.api.spi.StageInput;
import dev.weft.api.spi.StageOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TestInProcessJobChannels {
    private BufferAllocator allocator;
    private BufferAllocator producer;
    private BufferAllocator consumer;
    private List<Stage> stages;
    private StageOutputSink sink;
    private StageInputSource source;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator(Long.MAX_VALUE);
        producer = allocator.newChildAllocator("producer", 0, Long.MAX_VALUE);
        consumer = allocator.newChildAllocator("consumer", 0, Long.MAX_VALUE);
        Pipeline pipeline = Pipeline.create("channels");
        pipeline.fromCollection(List.of(3L, 1L, 2L), Long.class).distinct().collect();
        stages = StageSplitter.split(pipeline.plan(), "job-1", 3, StageSplitter::beforeExchange);
        assertThat(stages).hasSize(2);
        sink = (StageOutputSink) stages.get(0).sinks().get(0);
        source = stages.get(1).operators().stream().filter(StageInputSource.class::isInstance).map(StageInputSource.class::cast)
                .findFirst().orElseThrow();
    }

    @AfterEach
    void tearDown() {
        consumer.close();
        producer.close();
        assertThat(allocator.getAllocatedMemory()).as("bytes still allocated (leak)").isZero();
        allocator.close();
    }

    @Test
    void handsBatchesOverByReferenceAndReadsThemManyTimes() {
        try (InProcessJobChannels channels = new InProcessJobChannels("job-1", stages)) {
            channels.openStage(stages.get(0));
            StageOutput output = channels.output(sink, stages.get(0).id());
            assertThat(output.partitions()).isEqualTo(3);
            output.partition(0).write(batch(producer, 1, 2, 3));
            output.partition(0).write(batch(producer, 4));
            output.partition(2).write(batch(producer, 5, 6));
            long produced = producer.getAllocatedMemory();
            channels.completeStage(stages.get(0).id());

            StageInput input = channels.input(source, consumer);
            assertThat(input.partitions()).isEqualTo(3);
            assertThat(input.schema()).isEqualTo(source.schema());
            assertThat(readAll(input, 0)).containsExactly(1L, 2L, 3L, 4L);
            assertThat(readAll(input, 1)).isEmpty();
            assertThat(readAll(input, 2)).containsExactly(5L, 6L);
            assertThat(readAll(input, 0)).as("a second pass").containsExactly(1L, 2L, 3L, 4L);
            assertThat(channels.rows(sink.channel())).isEqualTo(6);
            assertThat(channels.bytes(sink.channel())).isPositive();
            assertThat(channels.channels()).containsExactly(sink.channel());

            // zero copy: a loaded batch shares the producer's buffers, accounted to the consumer while it holds them
            try (BatchReader reader = input.open(0); VectorSchemaRoot first = reader.next()) {
                assertThat(producer.getAllocatedMemory()).isEqualTo(produced);
                assertThat(first.getFieldVectors().get(0).getAllocator()).isSameAs(consumer);
            }
            channels.release(sink.channel());
            assertThat(producer.getAllocatedMemory()).isZero();
            assertThatThrownBy(() -> readAll(input, 0)).isInstanceOf(WeftException.class)
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.CHANNEL_FAILED))
                    .hasMessageContaining("released");
        }
    }

    @Test
    void keepsBatchesAfterTheWritersRootIsGoneUntilClose() {
        InProcessJobChannels channels = new InProcessJobChannels("job-1", stages);
        channels.output(sink, stages.get(0).id()).partition(1).write(batch(producer, 7, 8));
        channels.completeStage(stages.get(0).id());
        assertThat(producer.getAllocatedMemory()).isPositive();
        channels.close();
        channels.close();
        assertThat(producer.getAllocatedMemory()).isZero();
        assertThatThrownBy(() -> channels.input(source, consumer)).isInstanceOf(WeftException.class).hasMessageContaining("closed");
    }

    @Test
    void aFailedStageFailsItsReadersNamingChannelAndPartition() {
        try (InProcessJobChannels channels = new InProcessJobChannels("job-1", stages)) {
            channels.openStage(stages.get(0));
            StageOutput output = channels.output(sink, stages.get(0).id());
            output.partition(1).write(batch(producer, 1));
            channels.failStage(stages.get(0).id(), new IllegalStateException("disk on fire"));
            assertThat(producer.getAllocatedMemory()).as("a failed channel releases its batches").isZero();
            StageInput input = channels.input(source, consumer);
            assertThatThrownBy(() -> readAll(input, 1)).isInstanceOf(WeftException.class)
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.CHANNEL_FAILED))
                    .hasMessageContaining("partition 1 of 3")
                    .hasMessageContaining(sink.channel())
                    .hasMessageContaining("disk on fire");
            VectorSchemaRoot late = batch(producer, 9);
            assertThatThrownBy(() -> output.partition(0).write(late)).isInstanceOf(WeftException.class).hasMessageContaining("failed");
            assertThat(producer.getAllocatedMemory()).as("a refused write still closes the batch").isZero();
        }
    }

    @Test
    void aReaderWaitsForTheProducer() throws Exception {
        try (InProcessJobChannels channels = new InProcessJobChannels("job-1", stages)) {
            StageInput input = channels.input(source, consumer);
            CompletableFuture<List<Long>> read = CompletableFuture.supplyAsync(() -> readAll(input, 0));
            StageOutput output = channels.output(sink, stages.get(0).id());
            output.partition(0).write(batch(producer, 10, 11));
            output.partition(0).write(batch(producer, 12));
            channels.completeStage(stages.get(0).id());
            assertThat(read.get(10, TimeUnit.SECONDS)).containsExactly(10L, 11L, 12L);
        }
    }

    @Test
    void readsIntoAnotherRootByCopying() {
        try (BufferAllocator otherRoot = new RootAllocator(Long.MAX_VALUE);
             InProcessJobChannels channels = new InProcessJobChannels("job-1", stages)) {
            channels.output(sink, stages.get(0).id()).partition(0).write(batch(producer, 1, 2));
            channels.completeStage(stages.get(0).id());
            StageInput input = channels.input(source, otherRoot);
            try (BatchReader reader = input.open(0); VectorSchemaRoot batch = reader.next()) {
                assertThat(batch.getFieldVectors().get(0).getAllocator()).isSameAs(otherRoot);
                assertThat(values(batch)).containsExactly(1L, 2L);
                assertThat(reader.next()).isNull();
            }
            assertThat(otherRoot.getAllocatedMemory()).isZero();
        }
    }

    @Test
    void rejectsUnknownChannelsAndPartitions() {
        try (InProcessJobChannels channels = new InProcessJobChannels("job-1", List.of(stages.get(1)))) {
            assertThatThrownBy(() -> channels.input(source, consumer)).isInstanceOf(WeftException.class)
                    .hasMessageContaining("no stage of job job-1 writes");
        }
        try (InProcessJobChannels channels = new InProcessJobChannels("job-1", stages)) {
            StageOutput output = channels.output(sink, stages.get(0).id());
            assertThatThrownBy(() -> output.partition(3)).isInstanceOf(WeftException.class).hasMessageContaining("0 <= partition < 3");
            assertThatThrownBy(() -> channels.input(source, consumer).open(-1)).isInstanceOf(WeftException.class);
        }
    }

    private static List<Long> readAll(StageInput input, int partition) {
        List<Long> values = new ArrayList<>();
        try (BatchReader reader = input.open(partition)) {
            VectorSchemaRoot next;
            while ((next = reader.next()) != null) {
                try (VectorSchemaRoot batch = next) {
                    values.addAll(values(batch));
                }
            }
        }
        return values;
    }

    private static List<Long> values(VectorSchemaRoot batch) {
        List<Long> values = new ArrayList<>();
        BigIntVector vector = (BigIntVector) batch.getVector(0);
        for (int i = 0; i < batch.getRowCount(); i++) {
            values.add(vector.get(i));
        }
        return values;
    }

    private VectorSchemaRoot batch(BufferAllocator owner, long... values) {
        VectorSchemaRoot root = VectorSchemaRoot.create(sink.schema(), owner);
        BigIntVector vector = (BigIntVector) root.getVector(0);
        vector.allocateNew(values.length);
        for (int i = 0; i < values.length; i++) {
            vector.set(i, values[i]);
        }
        root.setRowCount(values.length);
        return root;
    }
}
