package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.CallSite;
import java.io.Serializable;

/** Identity of an operator in its plan: a unique id, a name (given or derived) and the user call site that made it. */
public record OperatorInfo(int id, String name, CallSite callSite) implements Serializable {
    public OperatorInfo {
        requireNonNull(name, "name is null");
        requireNonNull(callSite, "callSite is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("operator name is blank");
        }
    }

    public OperatorInfo withName(String newName) {
        return new OperatorInfo(id, newName, callSite);
    }

    /** "operator 'parse' (filter#3) at Job.main(Job.java:42)", for error messages. */
    public String describe() {
        return "operator '%s' at %s".formatted(name, callSite);
    }
}
