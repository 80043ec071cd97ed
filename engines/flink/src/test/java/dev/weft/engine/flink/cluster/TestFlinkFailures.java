package dev.weft.engine.flink.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import org.junit.jupiter.api.Test;

class TestFlinkFailures {
    @Test
    void anOutOfMemoryErrorInATaskSaysWhichMemoryToRaise() {
        RuntimeException failure = new RuntimeException("job failed", new IllegalStateException("task failed", new OutOfMemoryError("Direct buffer memory")));
        WeftException error = FlinkFailures.toWeftException(failure, "job-1");
        assertThat(error.errorCode()).isEqualTo(ErrorCode.EXCEEDED_MEMORY_LIMIT);
        assertThat(error.getMessage()).contains("job-1", "Direct buffer memory", "weft.flink.host.memory");
    }

    @Test
    void aWeftExceptionInTheChainIsTheAnswer() {
        WeftException weft = new WeftException(ErrorCode.USER_FUNCTION_FAILED, "map #2 failed");
        assertThat(FlinkFailures.toWeftException(new RuntimeException("job failed", weft), "job-2")).isSameAs(weft);
    }

    @Test
    void anyOtherFailureNamesItsRootCause() {
        WeftException error = FlinkFailures.toWeftException(new RuntimeException("job failed", new IllegalArgumentException("bad split")), "job-3");
        assertThat(error.errorCode()).isEqualTo(ErrorCode.GENERIC_INTERNAL_ERROR);
        assertThat(error.getMessage()).contains("job-3", "bad split");
    }
}
