package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;

/** Elements held in the driver's memory (elements may be null only for scalar element types). */
public record CollectionSource(OperatorInfo info, EdgeProperties output, List<?> elements) implements SourceOperator {
    public CollectionSource {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        elements = Collections.unmodifiableList(new java.util.ArrayList<>(requireNonNull(elements, "elements is null")));
    }
}
