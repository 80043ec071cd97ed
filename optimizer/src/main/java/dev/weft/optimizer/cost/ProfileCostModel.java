package dev.weft.optimizer.cost;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.CallbackSink;
import dev.weft.api.plan.CartesianOperator;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.SortOperator;
import dev.weft.api.plan.SourceOperator;
import dev.weft.optimizer.EngineOption;
import dev.weft.optimizer.cost.CostProfile.ChannelCost;
import dev.weft.optimizer.cost.CostProfile.EngineProcess;
import dev.weft.optimizer.cost.CostProfile.OperatorCost;
import dev.weft.optimizer.estimate.Cardinality;
import dev.weft.optimizer.estimate.Estimate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default {@link CostModel}: times from the engines' {@link CostProfile}s.
 * <ul>
 *   <li><b>Operator.</b> records = the sum of the input rows (a source and a cartesian product: its output rows); bytes = the sum of the input
 *   bytes (a source: its output bytes). time = (records x ns-per-record + bytes x ns-per-byte) / parallelism / 1e6 ms,
 *   where parallelism is the profile's, except 1 for "collect-sink" and "callback-sink" (they funnel into the driver).
 *   A join (and every other operator with several inputs) counts the records of all its inputs. The lower bound of the
 *   cost comes from the lower bounds of the estimates, the upper bound from the upper bounds. For unbounded edges
 *   (rows per second) the same formula gives milliseconds of work per second of input.</li>
 *   <li><b>Sort</b> is the one operator whose per-record cost grows with the input: ns-per-record is multiplied by
 *   max(1, log2(rows) / 16), i.e. the profile's number holds up to 65,536 rows, x1.25 at a million, x1.9 at a billion
 *   (per bound). Top-k, distinct, aggregate, reduce-by-key and join are linear (hash based, or a bounded heap).</li>
 *   <li><b>Start-up</b>: the profile's warm-ms if the engine already runs, else its cold-ms, as an exact cost.</li>
 *   <li><b>Movement</b> between two engines: the channels both profiles list ("in-process" only if both run in the
 *   driver); per channel time = max(setup-ms of both) + bytes x (ns-per-byte-out of the sender + ns-per-byte-in of the
 *   receiver) / 1e6 ms. The map is ordered cheapest first by the squash (geometric mean unless given), ties in
 *   {@link Channels#all()} order.</li>
 * </ul>
 * A profile lacking the operator's kind is an error naming the profile and the kind ({@link CostProfile#operator}).
 */
public final class ProfileCostModel implements CostModel {
    /** Rows up to which a sort's per-record cost is the profile's number: 2^16. */
    static final double SORT_BASE_LOG2_ROWS = 16;

    private static final double NANOS_PER_MILLI = 1e6;

    private final Squash channelOrder;

    /** Orders channels by the geometric mean of their cost interval. */
    public ProfileCostModel() {
        this(Squash.GEOMETRIC_MEAN);
    }

    /** Orders channels by the given squash of their cost interval. */
    public ProfileCostModel(Squash channelOrder) {
        this.channelOrder = requireNonNull(channelOrder, "channelOrder is null");
    }

    @Override
    public Cost operator(LogicalOperator operator, EngineOption engine, List<Estimate> inputs, Estimate output) {
        requireNonNull(operator, "operator is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(inputs, "inputs is null");
        requireNonNull(output, "output is null");
        OperatorCost cost = engine.profile().operator(operator.kind());
        Cardinality records;
        Cardinality bytes;
        if (operator instanceof SourceOperator || operator instanceof CartesianOperator || inputs.isEmpty()) {
            // a cartesian product's work grows with its output rows, not its inputs
            records = output.rows();
            bytes = output.bytes();
        } else {
            records = inputs.get(0).rows();
            bytes = inputs.get(0).bytes();
            for (int i = 1; i < inputs.size(); i++) {
                records = records.plus(inputs.get(i).rows());
                bytes = bytes.plus(inputs.get(i).bytes());
            }
        }
        double parallelism = effectiveParallelism(operator, engine.profile());
        boolean sort = operator instanceof SortOperator;
        double lower = millis(records.lower(), bytes.lower(), cost, sort, parallelism);
        double upper = millis(records.upper(), bytes.upper(), cost, sort, parallelism);
        return new Cost(lower, Math.max(lower, upper));
    }

    @Override
    public Cost startUp(EngineOption engine) {
        requireNonNull(engine, "engine is null");
        CostProfile.StartUp startUp = engine.profile().startUp();
        return Cost.exactly(engine.warm() ? startUp.warmMillis() : startUp.coldMillis());
    }

    @Override
    public Map<String, Cost> movement(EngineOption from, EngineOption to, Estimate data) {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(data, "data is null");
        CostProfile sender = from.profile();
        CostProfile receiver = to.profile();
        boolean bothInDriver = sender.process() == EngineProcess.DRIVER && receiver.process() == EngineProcess.DRIVER;
        Cardinality bytes = data.bytes();
        List<Map.Entry<String, Cost>> costs = new ArrayList<>();
        for (String name : channelNames(sender)) {
            ChannelCost out = sender.channels().get(name);
            ChannelCost in = receiver.channels().get(name);
            if (in == null || (name.equals(Channels.IN_PROCESS) && !bothInDriver)) {
                continue;
            }
            double setup = Math.max(out.setupMillis(), in.setupMillis());
            double nanosPerByte = out.nanosPerByteOut() + in.nanosPerByteIn();
            costs.add(Map.entry(name, new Cost(setup + bytes.lower() * nanosPerByte / NANOS_PER_MILLI,
                    setup + bytes.upper() * nanosPerByte / NANOS_PER_MILLI)));
        }
        costs.sort(Comparator.comparingDouble(entry -> entry.getValue().squash(channelOrder)));  // stable: ties keep channel order
        Map<String, Cost> result = new LinkedHashMap<>();
        costs.forEach(entry -> result.put(entry.getKey(), entry.getValue()));
        return result;
    }

    /** The profile's parallelism; 1 for sinks that funnel every record into the driver. */
    static double effectiveParallelism(LogicalOperator operator, CostProfile profile) {
        if (operator instanceof CollectSink || operator instanceof CallbackSink) {
            return 1;
        }
        return profile.parallelism();
    }

    /** max(1, log2(rows) / 16): the growth of a sort's per-record cost beyond 2^16 rows. */
    static double sortFactor(double rows) {
        if (rows <= 1) {
            return 1;
        }
        return Math.max(1, Math.log(rows) / Math.log(2) / SORT_BASE_LOG2_ROWS);
    }

    private static double millis(double records, double bytes, OperatorCost cost, boolean sort, double parallelism) {
        double perRecord = cost.nanosPerRecord() * (sort ? sortFactor(records) : 1);
        return (records * perRecord + bytes * cost.nanosPerByte()) / parallelism / NANOS_PER_MILLI;
    }

    /** The sender's channel names, known channels first in {@link Channels#all()} order, then any others by name. */
    private static List<String> channelNames(CostProfile profile) {
        List<String> known = Channels.all();
        return profile.channels().keySet().stream()
                .sorted(Comparator.comparingInt((String name) -> known.contains(name) ? known.indexOf(name) : known.size())
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }
}
