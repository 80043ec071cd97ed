package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.types.ElementType;
import java.io.Serializable;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What every edge of the plan knows: the element type (Java class and Arrow schema), whether it is bounded, and,
 * once event time is assigned, which column carries it and how far out of order events may arrive.
 */
public record EdgeProperties(ElementType<?> elementType, Boundedness boundedness, Optional<EventTime> eventTime)
        implements Serializable {
    public EdgeProperties {
        requireNonNull(elementType, "elementType is null");
        requireNonNull(boundedness, "boundedness is null");
        requireNonNull(eventTime, "eventTime is null");
    }

    public static EdgeProperties bounded(ElementType<?> elementType) {
        return new EdgeProperties(elementType, Boundedness.BOUNDED, Optional.empty());
    }

    public Schema schema() {
        return elementType.schema();
    }

    public boolean bounded() {
        return boundedness == Boundedness.BOUNDED;
    }

    public EdgeProperties withElementType(ElementType<?> type) {
        return new EdgeProperties(type, boundedness, eventTime.filter(e -> type.schema().getFields().stream()
                .anyMatch(f -> f.getName().equals(e.column()))));
    }

    /** Event time: a timestamp column and the watermark strategy (bounded out-of-orderness). */
    public record EventTime(String column, java.time.Duration maxOutOfOrderness) implements Serializable {
        public EventTime {
            requireNonNull(column, "column is null");
            requireNonNull(maxOutOfOrderness, "maxOutOfOrderness is null");
            if (maxOutOfOrderness.isNegative()) {
                throw new IllegalArgumentException("maxOutOfOrderness is negative: " + maxOutOfOrderness);
            }
        }
    }
}
