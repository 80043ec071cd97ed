package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A random sample: a fraction (Bernoulli) or a fixed size (reservoir), reproducible with a seed. */
public record SampleOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, SampleSpec spec) implements LogicalOperator {
    public SampleOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        requireNonNull(spec, "spec is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public SampleOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new SampleOperator(info, output, inputs.get(0), spec);
    }
}
