package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.desc;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.plan.StageSplitter;
import dev.weft.api.spi.Stage;
import dev.weft.api.types.ElementType;
import dev.weft.api.types.Row;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plans cut into stages that hand each other Arrow batches through channels, run stage by stage on the Java engine
 * (parallelism 3) with the test context as an in-memory driver: each stage gives the answer the uncut plan gives.
 */
class TestStageHandOff extends EngineTestBase {
    record Reading(String sensor, long value) {}

    record Sensor(String sensor, String room) {}

    private static final ElementType<Reading> READING = ElementType.of(Reading.class);

    private static List<Reading> readings(int count) {
        return LongStream.range(0, count).mapToObj(i -> new Reading("s" + (i % 5), i * 7 % 101)).toList();
    }

    /** Runs the stages in order (each reads what the earlier ones wrote) and returns what the collect sink of the last got. */
    private <T> List<T> runStages(List<Stage> stages, ElementType<T> type) {
        for (Stage stage : stages) {
            engine.execute(stage, context);
        }
        return context.elements(StagePlans.only(stages.get(stages.size() - 1), CollectSink.class), type);
    }

    @Test
    void inputThroughFilterAndMapToOutput() {
        Pipeline pipeline = Pipeline.create();
        List<Reading> readings = readings(200);
        Collected<String> out = pipeline.fromCollection(readings, Reading.class)
                .filter(r -> r.value() % 3 != 0)
                .map(r -> r.sensor() + ":" + r.value() * 2, String.class)
                .collect();
        List<String> expected = collect(pipeline, out);
        List<Stage> stages = StagePlans.split(pipeline, 2,
                (producer, consumer) -> producer instanceof CollectionSource || consumer instanceof CollectSink);
        assertThat(stages).hasSize(3);
        Stage middle = stages.get(1);
        StageInputSource input = StagePlans.only(middle, StageInputSource.class);
        StageOutputSink output = StagePlans.only(middle, StageOutputSink.class);
        context.bindInput(input.channel(), new InMemoryStageInput(READING.schema(),
                StagePlans.partitions(READING, readings, List.of(List.of(50, 10), List.of(), List.of(90), List.of(25, 25)), allocator)));

        engine.execute(middle, context);

        RecordingStageOutput written = context.written(output.channel());
        assertThat(written.partitions()).isEqualTo(2);
        assertThat(written.allElements(ElementType.of(String.class))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(written.allBatches()).allSatisfy(batch -> assertThat(batch.getSchema()).isEqualTo(output.schema()));
        assertThat(context.counters(input).rows.get()).isEqualTo(200);

        assertThat(runStages(List.of(stages.get(2)), ElementType.of(String.class)))
                .as("the last stage reads the channel the middle one wrote")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} channel partitions")
    @ValueSource(ints = {1, 2, 3, 8})
    void aggregationAfterAHandOffGivesTheOneStageAnswer(int partitions) {
        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = pipeline.fromCollection(readings(1000), Reading.class)
                .groupBy("sensor")
                .aggregate(sum("value").as("total"), count().as("readings"))
                .collect();
        ElementType<Row> type = out.elementType();
        List<Row> oneStage = collect(pipeline, out);

        List<Stage> stages = StagePlans.split(pipeline, partitions, StageSplitter::beforeExchange);

        assertThat(stages).hasSize(2);
        assertThat(StagePlans.only(stages.get(0), StageOutputSink.class).partitions()).isEqualTo(partitions);
        assertThat(StagePlans.only(stages.get(1), StageInputSource.class)).isNotNull();
        List<Row> twoStages = runStages(stages, type);
        assertThat(twoStages).hasSize(5).containsExactlyInAnyOrderElementsOf(oneStage);
    }

    @Test
    void joinAndSortAcrossFourStagesGiveTheOneStageAnswerInOrder() {
        Pipeline pipeline = Pipeline.create();
        Dataset<Reading> readings = pipeline.fromCollection(readings(500), Reading.class);
        Dataset<Sensor> sensors = pipeline.fromCollection(List.of(new Sensor("s0", "hall"), new Sensor("s1", "hall"),
                new Sensor("s2", "kitchen"), new Sensor("s4", "attic")), Sensor.class);
        Collected<Row> out = readings.join(sensors, JoinKeys.using("sensor"))
                .filter(col("value").gt(50))
                .sort(desc("value"), col("sensor").asc())
                .collect();
        List<Row> oneStage = collect(pipeline, out);

        List<Stage> stages = StagePlans.split(pipeline, 4, StageSplitter::beforeExchange);

        assertThat(stages).hasSize(4);
        List<Row> cut = runStages(stages, out.elementType());
        assertThat(cut).isNotEmpty().containsExactlyElementsOf(oneStage);
    }
}
