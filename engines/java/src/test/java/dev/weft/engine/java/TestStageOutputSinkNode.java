package dev.weft.engine.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.Stage;
import dev.weft.api.types.ElementType;
import dev.weft.engine.java.physical.StageOutputSinkNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A stage that ends in a stage output. The collection source has 3 partitions (parallelism 3), contiguous thirds of
 * 0..299; input partition i goes to channel partition i % partitions.
 */
class TestStageOutputSinkNode extends EngineTestBase {
    private static final ElementType<Long> LONG = ElementType.of(Long.class);
    private static final List<Long> VALUES = LongStream.range(0, 300).boxed().toList();

    /** The producing stage: the values (the ones the filter keeps), written to a channel of {@code partitions} partitions. */
    private static Stage producer(int partitions, boolean filter) {
        Pipeline pipeline = Pipeline.create();
        Dataset<Long> values = pipeline.fromCollection(VALUES, Long.class);
        (filter ? values.filter(v -> v % 10 == 0) : values).collect();
        List<Stage> stages = StagePlans.split(pipeline, partitions, (producer, consumer) -> consumer instanceof CollectSink);
        assertThat(stages).hasSize(2);
        return stages.get(0);
    }

    private static StageOutputSink sink(Stage stage) {
        return StagePlans.only(stage, StageOutputSink.class);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void inputPartitionsGoToChannelPartitionsModuloTheirCount() {
        Stage stage = producer(2, false);

        engine.execute(stage, context);

        RecordingStageOutput written = context.written(sink(stage).channel());
        assertThat(written.elements(1, LONG)).containsExactlyElementsOf(range(100, 200));
        List<Long> first = written.elements(0, LONG);
        assertThat(first).containsExactlyInAnyOrderElementsOf(concat(range(0, 100), range(200, 300)));
        assertThat(first.stream().filter(v -> v < 100).toList()).as("input partition 0, in order").isEqualTo(range(0, 100));
        assertThat(first.stream().filter(v -> v >= 200).toList()).as("input partition 2, in order").isEqualTo(range(200, 300));
        assertThat(StageOutputSinkNode.channelPartition(5, 2)).isEqualTo(1);
    }

    @Test
    void moreChannelPartitionsThanInputPartitionsLeavesTheRestEmpty() {
        Stage stage = producer(5, false);

        engine.execute(stage, context);

        RecordingStageOutput written = context.written(sink(stage).channel());
        assertThat(written.partitions()).isEqualTo(5);
        assertThat(written.elements(0, LONG)).containsExactlyElementsOf(range(0, 100));
        assertThat(written.elements(1, LONG)).containsExactlyElementsOf(range(100, 200));
        assertThat(written.elements(2, LONG)).containsExactlyElementsOf(range(200, 300));
        assertThat(written.batches(3)).isEmpty();
        assertThat(written.batches(4)).isEmpty();
    }

    @Test
    void oneChannelPartitionGetsEverything() {
        Stage stage = producer(1, false);

        engine.execute(stage, context);

        assertThat(context.written(sink(stage).channel()).elements(0, LONG)).containsExactlyInAnyOrderElementsOf(VALUES);
    }

    @Test
    void writesNonEmptyBatchesOfTheSinkSchemaAndCountsThem() {
        Stage stage = producer(2, true);

        engine.execute(stage, context);

        RecordingStageOutput written = context.written(sink(stage).channel());
        assertThat(written.allElements(LONG)).containsExactlyInAnyOrderElementsOf(VALUES.stream().filter(v -> v % 10 == 0).toList());
        assertThat(written.allBatches()).allSatisfy(batch -> {
            assertThat(batch.getSchema()).isEqualTo(sink(stage).schema());
            assertThat(batch.getRowCount()).isPositive();
        });
        TestStageContext.Counters counters = context.counters(sink(stage));
        assertThat(counters.rows.get()).isEqualTo(30);
        assertThat(counters.bytes.get()).isPositive();
    }

    @Test
    void writerFailureFailsTheStageWithThatError() {
        Stage stage = producer(2, false);
        WeftException refused = new WeftException(ErrorCode.CHANNEL_FAILED, "stream x refused the batch: over budget");
        AtomicInteger writes = new AtomicInteger();
        context.bindOutput(sink(stage).channel(), new RecordingStageOutput(sink(stage).schema(), 2, (partition, batch) -> {
            if (writes.incrementAndGet() == 4) {
                throw refused;
            }
        }));

        WeftException e = catchThrowableOfType(() -> engine.execute(stage, context), WeftException.class);

        assertThat(e).isSameAs(refused);
        context.close();
        assertThat(allocator.getAllocatedMemory()).as("bytes left by the failed stage").isZero();
    }

    @Test
    void otherWriterFailuresBecomeChannelFailures() {
        Stage stage = producer(3, false);
        context.bindOutput(sink(stage).channel(), new RecordingStageOutput(sink(stage).schema(), 3, (partition, batch) -> {
            if (partition == 2) {
                throw new IllegalStateException("broken pipe");
            }
        }));

        assertThatThrownBy(() -> engine.execute(stage, context))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CHANNEL_FAILED))
                .hasMessageContaining("stage-output#")
                .hasMessageContaining("writing to partition 2 of 3 of channel '%s'".formatted(sink(stage).channel()))
                .hasMessageContaining("broken pipe");
    }

    @Test
    void cancellationStopsWriting() {
        Stage stage = producer(2, false);
        AtomicInteger writes = new AtomicInteger();
        context.bindOutput(sink(stage).channel(), new RecordingStageOutput(sink(stage).schema(), 2, (partition, batch) -> {
            writes.incrementAndGet();
            context.cancel();
        }));

        assertThatThrownBy(() -> engine.execute(stage, context))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.JOB_CANCELLED));
        assertThat(writes.get()).as("writes: the first cancels; each other task may have one in flight").isLessThanOrEqualTo(3);
    }

    private static List<Long> concat(List<Long> first, List<Long> second) {
        List<Long> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
