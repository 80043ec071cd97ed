package dev.weft.optimizer.estimate;

import dev.weft.api.plan.SourceOperator;
import dev.weft.api.spi.SourceStatistics;
import java.util.Optional;

/** Where the estimator asks engines what they know of a source (PostgreSQL statistics, Kafka offsets). */
@FunctionalInterface
public interface SourceStatisticsLookup {
    SourceStatisticsLookup NONE = source -> Optional.empty();

    Optional<SourceStatistics> statistics(SourceOperator source);
}
