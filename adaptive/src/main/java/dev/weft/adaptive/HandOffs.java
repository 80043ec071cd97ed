package dev.weft.adaptive;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.Arrays;
import java.util.Locale;

/** How the driver hands data between the stages of a job and back to itself ({@code weft.channel}). */
public enum HandOffs {
    /** One stage per job, results handed over by reference in this JVM (the default until the optimizer chooses). */
    IN_PROCESS("in-process"),
    /** The job cut before every exchange; every stage output and every collected batch goes through Arrow Flight. */
    FLIGHT("flight");

    private final String key;

    HandOffs(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    static HandOffs parse(String name, String value, String origin) {
        for (HandOffs mode : values()) {
            if (mode.key.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "%s = '%s' %s is not a channel; use one of %s"
                .formatted(name, value, origin, Arrays.stream(values()).map(HandOffs::key).toList()));
    }
}
