package dev.weft.kernels.rows;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.Arrays;

/** Errors of user lambdas, worded as the Java engine words them (operator, element, cause). */
final class RowErrors {
    static final int MAX_ELEMENT_CHARS = 200;

    private RowErrors() {}

    static WeftException failed(String operator, Object element, Throwable cause) {
        return failedAt(operator, "element " + render(element), cause);
    }

    static WeftException failedAt(String operator, String where, Throwable cause) {
        if (cause instanceof WeftException weft && weft.getMessage() != null && weft.getMessage().startsWith(operator)) {
            return weft;
        }
        String message = cause.getMessage();
        String text = message == null ? cause.getClass().getName() : cause.getClass().getSimpleName() + ": " + message;
        return new WeftException(ErrorCode.USER_FUNCTION_FAILED, "%s failed on %s: %s".formatted(operator, where, text), cause);
    }

    static Object checkOutput(String operator, Class<?> declared, Object value) {
        if (value != null && !declared.isInstance(value)) {
            throw new WeftException(ErrorCode.WRONG_OUTPUT_TYPE,
                    "%s returned a %s (%s) where its declared output class is %s; return a %s or declare the output class %s"
                            .formatted(operator, value.getClass().getName(), render(value), declared.getName(),
                                    declared.getSimpleName(), value.getClass().getSimpleName()));
        }
        return value;
    }

    static String render(Object element) {
        String text;
        try {
            text = element instanceof byte[] bytes ? Arrays.toString(bytes)
                    : element instanceof Object[] row ? Arrays.deepToString(row) : String.valueOf(element);
        } catch (RuntimeException e) {
            text = "<%s whose toString() failed: %s>".formatted(element.getClass().getName(), e);
        }
        if (text.length() > MAX_ELEMENT_CHARS) {
            return text.substring(0, MAX_ELEMENT_CHARS) + "...(" + text.length() + " chars)";
        }
        return text;
    }

    /** A WeftException from the kernels with the operator named in front. */
    static RuntimeException withOperator(RuntimeException failure, String operator) {
        if (failure instanceof WeftException weft && (weft.getMessage() == null || !weft.getMessage().startsWith(operator))) {
            WeftException named = new WeftException(weft.errorCode(), "%s: %s".formatted(operator, weft.getMessage()), weft);
            return named;
        }
        return failure;
    }
}
