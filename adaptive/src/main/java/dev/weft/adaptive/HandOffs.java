package dev.weft.adaptive;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.Arrays;
import java.util.Locale;

/** How the driver hands data between the stages of a job and back to itself ({@code weft.channel}). */
public enum HandOffs {
    /**
     * The default: a job on one engine is one stage; a job split across engines is cut only where the engine changes,
     * each boundary on the channel the optimizer chose (in-process: batches by reference in this JVM); results are
     * handed over by reference.
     */
    IN_PROCESS("in-process"),
    /**
     * The job also cut before every exchange; those cuts and every collected batch go through Arrow Flight (engine
     * boundaries still take the optimizer's channel).
     */
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
