package dev.weft.host.driver;

import dev.weft.api.ErrorCategory;
import dev.weft.api.WeftErrorCode;

/** Errors of engine hosts (range 6000-6099). */
public enum HostErrorCode implements WeftErrorCode {
    /** The host process could not start: bad java, bad classpath, unknown engine, start timeout. */
    HOST_START_FAILED(6000, ErrorCategory.EXTERNAL),
    /** The host died or stopped answering while the driver needed it. */
    HOST_FAILED(6001, ErrorCategory.EXTERNAL);

    private final int code;
    private final ErrorCategory category;

    HostErrorCode(int code, ErrorCategory category) {
        this.code = code;
        this.category = category;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }
}
