package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.spi.Stage;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.ElementType;
import dev.weft.api.types.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** A stage that starts with a stage input: what the channel holds, read partition by partition (parallelism 3, batches of 7). */
class TestStageInputSourceNode extends EngineTestBase {
    record Reading(String sensor, long value) {}

    private static final ElementType<Reading> READING = ElementType.of(Reading.class);

    private static List<Reading> readings(int count) {
        return LongStream.range(0, count).mapToObj(i -> new Reading("s" + (i % 4), i)).toList();
    }

    /** The stage that reads the cut-off source's channel, and collects (or aggregates, then collects). */
    private static Stage readingStage(boolean aggregate) {
        Pipeline pipeline = Pipeline.create();
        Dataset<Reading> readings = pipeline.fromCollection(List.<Reading>of(), Reading.class);
        if (aggregate) {
            readings.groupBy("sensor").aggregate(sum("value").as("total")).collect();
        } else {
            readings.collect();
        }
        List<Stage> stages = StagePlans.split(pipeline, 1, (producer, consumer) -> producer instanceof CollectionSource);
        assertThat(stages).hasSize(2);
        return stages.get(1);
    }

    private static String channel(Stage stage) {
        return StagePlans.only(stage, StageInputSource.class).channel();
    }

    private InMemoryStageInput bind(Stage stage, List<List<VectorSchemaRoot>> partitions, InMemoryStageInput.ReadHook hook) {
        InMemoryStageInput input = new InMemoryStageInput(READING.schema(), partitions, hook);
        context.bindInput(channel(stage), input);
        return input;
    }

    private InMemoryStageInput bind(Stage stage, List<Reading> elements, List<List<Integer>> batchSizes) {
        return bind(stage, StagePlans.partitions(READING, elements, batchSizes, allocator), (partition, index) -> {});
    }

    private List<Reading> collected(Stage stage) {
        return context.elements(StagePlans.only(stage, CollectSink.class), READING);
    }

    private Map<String, Long> totals(Stage stage) {
        CollectSink sink = StagePlans.only(stage, CollectSink.class);
        Map<String, Long> totals = new TreeMap<>();
        for (Row row : context.elements(sink, ElementType.row(sink.schema()))) {
            totals.put(row.getString("sensor"), row.getLong("total"));
        }
        return totals;
    }

    private static Map<String, Long> expectedTotals(List<Reading> readings) {
        return readings.stream().collect(Collectors.groupingBy(Reading::sensor, TreeMap::new, Collectors.summingLong(Reading::value)));
    }

    @Test
    void readsEveryPartitionAndPassesBatchesAsTheyCome() {
        Stage stage = readingStage(false);
        List<Reading> elements = readings(60);
        InMemoryStageInput input = bind(stage, elements, List.of(List.of(3, 20), List.of(1), List.of(30), List.of(2, 4)));

        engine.execute(stage, context);

        assertThat(collected(stage)).containsExactlyElementsOf(elements);
        assertThat(context.batches(StagePlans.only(stage, CollectSink.class))).extracting(VectorSchemaRoot::getRowCount)
                .as("batches keep their size (a batch larger than the target of 7 is not cut)")
                .containsExactly(3, 20, 1, 30, 2, 4);
        assertThat(input.openedReaders()).isEqualTo(4);
        assertThat(input.closedReaders()).isEqualTo(4);
        TestStageContext.Counters counters = context.counters(StagePlans.only(stage, StageInputSource.class));
        assertThat(counters.rows.get()).isEqualTo(60);
        assertThat(counters.bytes.get()).isPositive();
    }

    @Test
    void emptyPartitionsAndEmptyBatches() {
        Stage stage = readingStage(true);
        List<Reading> elements = readings(10);
        InMemoryStageInput input = bind(stage, elements, List.of(List.of(), List.of(0, 4, 0), List.of(), List.of(0), List.of(6)));

        engine.execute(stage, context);

        assertThat(totals(stage)).isEqualTo(expectedTotals(elements));
        assertThat(input.closedReaders()).isEqualTo(5);
    }

    @Test
    void channelWithoutPartitionsIsEmpty() {
        Stage stage = readingStage(false);
        bind(stage, List.of(), List.of());

        engine.execute(stage, context);

        assertThat(collected(stage)).isEmpty();
    }

    @Test
    void moreChannelPartitionsThanParallelism() {
        Stage stage = readingStage(true);
        List<Reading> elements = readings(500);
        List<List<Integer>> sizes = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            sizes.add(List.of(13, 37));
        }
        InMemoryStageInput input = bind(stage, elements, sizes);

        engine.execute(stage, context);

        assertThat(totals(stage)).isEqualTo(expectedTotals(elements));
        assertThat(input.openedReaders()).isEqualTo(10);
        assertThat(input.closedReaders()).isEqualTo(10);
    }

    @Test
    void fewerChannelPartitionsThanParallelism() {
        Stage stage = readingStage(true);
        List<Reading> elements = readings(300);
        bind(stage, elements, List.of(List.of(100, 100, 100)));

        engine.execute(stage, context);

        assertThat(totals(stage)).isEqualTo(expectedTotals(elements));
    }

    @Test
    void channelFailureMidStreamFailsTheStageWithThatError() {
        Stage stage = readingStage(true);
        List<Reading> elements = readings(400);
        WeftException broken = new WeftException(ErrorCode.CHANNEL_FAILED, "partition 1 of stream x failed: producer went away");
        InMemoryStageInput input = bind(stage, StagePlans.partitions(READING, elements,
                List.of(List.of(50, 50), List.of(50, 50), List.of(50, 50), List.of(50, 50)), allocator), (partition, index) -> {
                    if (partition == 1 && index == 1) {
                        throw broken;
                    }
                });

        WeftException e = catchThrowableOfType(() -> engine.execute(stage, context), WeftException.class);

        assertThat(e).isSameAs(broken);
        assertThat(input.closedReaders()).as("every reader opened is closed").isEqualTo(input.openedReaders());
        input.close();
        context.close();
        assertThat(allocator.getAllocatedMemory()).as("bytes left by the failed stage").isZero();
    }

    @Test
    void otherReaderFailuresBecomeChannelFailures() {
        Stage stage = readingStage(false);
        bind(stage, StagePlans.partitions(READING, readings(20), List.of(List.of(10), List.of(10)), allocator), (partition, index) -> {
            if (partition == 1) {
                throw new IllegalStateException("connection reset");
            }
        });

        assertThatThrownBy(() -> engine.execute(stage, context))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CHANNEL_FAILED))
                .hasMessageContaining("stage-input#")
                .hasMessageContaining("partition 1 of 2 of channel '%s'".formatted(channel(stage)))
                .hasMessageContaining("connection reset");
    }

    @Test
    void unboundChannelFailsBeforeReading() {
        Stage stage = readingStage(false);

        assertThatThrownBy(() -> engine.execute(stage, context))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CHANNEL_FAILED))
                .hasMessageContaining(channel(stage));
    }

    @Test
    void channelOfAnotherSchemaIsRefused() {
        Stage stage = readingStage(false);
        Schema numbers = ElementType.of(Long.class).schema();
        context.bindInput(channel(stage), new InMemoryStageInput(numbers, List.of(List.of())));

        assertThatThrownBy(() -> engine.execute(stage, context))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CHANNEL_FAILED))
                .hasMessageContaining("value " + DataTypes.describe(DataTypes.INT64))
                .hasMessageContaining("the producing stage must write the schema of channel '%s'".formatted(channel(stage)));
    }

    @Test
    void batchOfAnotherSchemaIsRefusedAndReleased() {
        Stage stage = readingStage(false);
        VectorSchemaRoot good = StagePlans.batch(READING, readings(5), allocator);
        VectorSchemaRoot wrong = StagePlans.batch(ElementType.of(Long.class), List.of(1L, 2L), allocator);
        context.bindInput(channel(stage), new InMemoryStageInput(READING.schema(), List.of(List.of(good, wrong))));

        assertThatThrownBy(() -> engine.execute(stage, context))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CHANNEL_FAILED))
                .hasMessageContaining("a batch of partition 0 of 1");
    }

    @Test
    void cancellationStopsReadingAndClosesTheReaders() {
        Stage stage = readingStage(true);
        List<Reading> elements = readings(600);
        InMemoryStageInput input = bind(stage, StagePlans.partitions(READING, elements,
                List.of(List.of(100, 100, 100), List.of(100, 100, 100)), allocator), (partition, index) -> {
                    if (partition == 0 && index == 1) {
                        context.cancel();
                    }
                });

        assertThatThrownBy(() -> engine.execute(stage, context))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.JOB_CANCELLED));
        assertThat(input.closedReaders()).isEqualTo(input.openedReaders());
    }

    @Test
    void channelTornDownAfterCancellationReportsTheCancellation() {
        Stage stage = readingStage(false);
        bind(stage, StagePlans.partitions(READING, readings(20), List.of(List.of(10, 10)), allocator), (partition, index) -> {
            if (index == 1) {
                context.cancel();
                throw new WeftException(ErrorCode.CHANNEL_FAILED, "stream x was dropped");
            }
        });

        assertThatThrownBy(() -> engine.execute(stage, context))
                .isInstanceOfSatisfying(WeftException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.JOB_CANCELLED);
                    assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("stream x was dropped");
                });
    }

    @Test
    void batchesOfAChildAllocatorAreTakenOverByTheStage() {
        Stage stage = readingStage(false);
        List<Reading> elements = readings(40);
        try (BufferAllocator channelAllocator = allocator.newChildAllocator("channel", 0, Long.MAX_VALUE)) {
            bind(stage, StagePlans.partitions(READING, elements, List.of(List.of(20), List.of(20)), channelAllocator),
                    (partition, index) -> {});

            engine.execute(stage, context);

            assertThat(channelAllocator.getAllocatedMemory()).as("bytes the stage left in the channel's allocator").isZero();
        }
        assertThat(collected(stage)).containsExactlyElementsOf(elements);
    }

    @Test
    void batchesOfAnotherRootAllocatorAreCopied() {
        Stage stage = readingStage(false);
        List<Reading> elements = readings(40);
        try (RootAllocator foreign = new RootAllocator()) {
            bind(stage, StagePlans.partitions(READING, elements, List.of(List.of(15, 25)), foreign), (partition, index) -> {});

            engine.execute(stage, context);

            assertThat(foreign.getAllocatedMemory()).as("bytes left in the other root allocator").isZero();
        }
        assertThat(collected(stage)).containsExactlyElementsOf(elements);
    }
}
