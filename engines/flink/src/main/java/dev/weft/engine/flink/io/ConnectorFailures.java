package dev.weft.engine.flink.io;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;

/** A connector's failure with the operator it happened in, its error code kept. */
public final class ConnectorFailures {
    private ConnectorFailures() {}

    public static WeftException withOperator(RuntimeException failure, String operator) {
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof WeftException weft) {
            return message.contains(operator) ? weft : new WeftException(weft.errorCode(), "%s: %s".formatted(operator, message), weft);
        }
        return new WeftException(ErrorCode.IO_ERROR, "%s: the connector failed: %s".formatted(operator, failure), failure);
    }
}
