package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.plan.StageSplitter;
import dev.weft.api.spi.Stage;
import dev.weft.optimizer.Boundary;
import dev.weft.optimizer.PlacedPlan;
import dev.weft.optimizer.cost.Channels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a placed plan runs: its stages, the engine of each, and the channel kind of every cut edge. A plan whose
 * operators all run on one engine, with in-process hand-offs, is one stage (exactly as before the optimizer: no cut, no
 * channel). Otherwise the plan is cut where the engines of producer and consumer differ and, with
 * {@code weft.channel=flight}, also before every exchange; a cut between engines takes the boundary's channel, a cut
 * within one engine goes through Flight.
 */
record StageRouting(List<Stage> stages, Map<String, String> engineOfStage, Map<String, ChannelKind> channelKinds,
                    Map<String, Integer> lastReader) {
    /** Where the data of a cut edge goes. */
    enum ChannelKind { IN_PROCESS, FLIGHT }

    StageRouting {
        stages = List.copyOf(stages);
        engineOfStage = Collections.unmodifiableMap(new LinkedHashMap<>(engineOfStage));  // in stage order, for logs and tests
        channelKinds = Map.copyOf(channelKinds);
        lastReader = Map.copyOf(lastReader);
    }

    static StageRouting of(PlacedPlan placed, String jobId, int partitions, HandOffs mode) {
        requireNonNull(placed, "placed is null");
        Plan plan = placed.plan();
        Map<Integer, String> placement = placed.placement();
        List<String> used = placed.enginesUsed();
        if (used.size() == 1 && mode == HandOffs.IN_PROCESS) {
            Stage whole = new Stage(jobId + "/stage-1", plan.sinks());
            return new StageRouting(List.of(whole), Map.of(whole.id(), used.get(0)), Map.of(), Map.of());
        }
        List<Stage> stages = StageSplitter.split(plan, jobId, partitions, (producer, consumer) ->
                !engine(placement, producer).equals(engine(placement, consumer))
                        || (mode == HandOffs.FLIGHT && StageSplitter.beforeExchange(producer, consumer)));
        Map<String, String> engineOfStage = new LinkedHashMap<>();
        Map<String, Integer> lastReader = new HashMap<>();
        for (int index = 0; index < stages.size(); index++) {
            Stage stage = stages.get(index);
            String engine = null;
            for (LogicalOperator operator : stage.operators()) {
                if (operator instanceof StageInputSource input) {
                    lastReader.put(input.channel(), index);
                    continue;
                }
                if (operator instanceof StageOutputSink) {
                    continue;
                }
                String own = engine(placement, operator);
                if (engine != null && !engine.equals(own)) {
                    throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "stage %s mixes engines %s and %s (at %s); this is a bug in Weft"
                            .formatted(stage.id(), engine, own, operator.info().describe()));
                }
                engine = own;
            }
            if (engine == null) {
                // a stage of only a stage input and a stage output cannot arise: a cut always has a placed operator on each side
                throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "stage %s has no placed operator; this is a bug in Weft".formatted(stage.id()));
            }
            engineOfStage.put(stage.id(), engine);
        }
        Map<String, ChannelKind> kinds = new HashMap<>();
        for (Stage stage : stages) {
            for (SinkOperator sink : stage.sinks()) {
                if (sink instanceof StageOutputSink output) {
                    kinds.put(output.channel(), kindOf(placed, producerId(output), mode));
                }
            }
        }
        return new StageRouting(stages, engineOfStage, kinds, lastReader);
    }

    boolean singleStage() {
        return channelKinds.isEmpty();
    }

    boolean uses(ChannelKind kind) {
        return channelKinds.containsValue(kind);
    }

    ChannelKind kindOf(String channel) {
        ChannelKind kind = channelKinds.get(channel);
        if (kind == null) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "channel '%s' has no route; this is a bug in Weft".formatted(channel));
        }
        return kind;
    }

    /** The producer of a channel the splitter named "op-&lt;producer id&gt;". */
    private static int producerId(StageOutputSink output) {
        return Integer.parseInt(output.channel().substring("op-".length()));
    }

    /**
     * Cross-engine edges from the producer take the optimizer's channel (Flight if any of them is Flight); edges
     * inside one engine, cut only in Flight mode, go through Flight.
     */
    private static ChannelKind kindOf(PlacedPlan placed, int producer, HandOffs mode) {
        List<Boundary> boundaries = new ArrayList<>();
        for (Boundary boundary : placed.boundaries()) {
            if (boundary.producerId() == producer) {
                boundaries.add(boundary);
            }
        }
        if (boundaries.isEmpty()) {
            return ChannelKind.FLIGHT;
        }
        ChannelKind kind = ChannelKind.IN_PROCESS;
        for (Boundary boundary : boundaries) {
            switch (boundary.channel()) {
                case Channels.IN_PROCESS -> { }
                case Channels.FLIGHT -> kind = ChannelKind.FLIGHT;
                default -> throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION,
                        "the optimizer chose channel '%s' from %s (#%d) to %s (#%d); this driver moves data in-process or over Flight only: allow only engines that share one of those (weft.engines)"
                                .formatted(boundary.channel(), boundary.fromEngine(), boundary.producerId(), boundary.toEngine(), boundary.consumerId()));
            }
        }
        if (mode == HandOffs.FLIGHT && boundaries.size() < countConsumers(placed, producer)) {
            kind = ChannelKind.FLIGHT;
        }
        return kind;
    }

    private static int countConsumers(PlacedPlan placed, int producer) {
        for (Map.Entry<LogicalOperator, List<LogicalOperator>> entry : placed.plan().consumers().entrySet()) {
            if (entry.getKey().id() == producer) {
                return entry.getValue().size();
            }
        }
        return 0;
    }

    private static String engine(Map<Integer, String> placement, LogicalOperator operator) {
        String engine = placement.get(operator.id());
        if (engine == null) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s (#%d) was not placed on an engine; this is a bug in the optimizer"
                    .formatted(operator.info().describe(), operator.id()));
        }
        return engine;
    }
}
