package dev.weft.flight;

import static java.util.Objects.requireNonNull;

import dev.weft.flight.store.StreamStore;
import java.nio.charset.StandardCharsets;
import dev.weft.api.ErrorCategory;
import dev.weft.api.WeftException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.FlightProducer.StreamListener;
import org.apache.arrow.flight.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The DoAction types of the service: drop-job, list-jobs, health. Bodies and results are UTF-8 text. */
final class ServiceActions {
    private static final Logger log = LoggerFactory.getLogger(ServiceActions.class);

    static final String DROP_JOB = "drop-job";
    static final String LIST_JOBS = "list-jobs";
    static final String HEALTH = "health";

    static final List<ActionType> TYPES = List.of(
            new ActionType(DROP_JOB, "Drops every stream of a job and frees its memory and spill files. "
                    + "Body: the job id (UTF-8). Result: the number of streams dropped."),
            new ActionType(LIST_JOBS, "Lists the jobs that have streams here, one result (UTF-8 job id) per job."),
            new ActionType(HEALTH, "Reports memory used and budget, spilled bytes, streams and jobs as JSON text."));

    private final StreamStore store;
    private final long memoryBudgetBytes;
    private final Consumer<String> jobDropped;
    private final Map<String, ActionHandler> custom;

    ServiceActions(StreamStore store, long memoryBudgetBytes, Consumer<String> jobDropped, Map<String, ActionHandler> custom) {
        this.custom = Map.copyOf(requireNonNull(custom, "custom is null"));
        for (String type : this.custom.keySet()) {
            if (TYPES.stream().anyMatch(builtIn -> builtIn.getType().equals(type))) {
                throw new IllegalArgumentException("action type '%s' is built into the Weft Flight service: give the custom action another name".formatted(type));
            }
        }
        this.store = requireNonNull(store, "store is null");
        this.memoryBudgetBytes = memoryBudgetBytes;
        this.jobDropped = requireNonNull(jobDropped, "jobDropped is null");
    }

    void run(Action action, StreamListener<Result> listener) {
        String type = action.getType() == null ? "" : action.getType();
        switch (type) {
            case DROP_JOB -> {
                String job = body(action).strip();
                if (job.isEmpty()) {
                    throw FlightStatuses.invalidArgument(
                            "Action drop-job needs the job id as its body (UTF-8 text); list-jobs shows the jobs.", null);
                }
                int dropped = store.dropJob(job);
                jobDropped.accept(job);
                log.info("Dropped job {} ({} streams)", job, dropped);
                listener.onNext(text(Integer.toString(dropped)));
            }
            case LIST_JOBS -> store.jobs().stream().sorted().forEach(job -> listener.onNext(text(job)));
            case HEALTH -> listener.onNext(text(health()));
            default -> {
                ActionHandler handler = custom.get(type);
                if (handler == null) {
                    throw FlightStatuses.invalidArgument("Unknown action type '%s'. This Weft Flight service knows: %s."
                            .formatted(type, String.join(", ", types().stream().map(ActionType::getType).toList())), null);
                }
                runCustom(type, handler, action, listener);
            }
        }
        listener.onCompleted();
    }

    /** The built-in action types, then the custom ones (sorted). */
    List<ActionType> types() {
        List<ActionType> all = new ArrayList<>(TYPES);
        custom.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> all.add(new ActionType(entry.getKey(), entry.getValue().description())));
        return all;
    }

    private static void runCustom(String type, ActionHandler handler, Action action, StreamListener<Result> listener) {
        List<byte[]> results;
        try {
            results = handler.handle(action.getBody() == null ? new byte[0] : action.getBody());
        } catch (FlightRuntimeException e) {
            throw e;
        } catch (WeftException e) {
            CallStatus status = e.category() == ErrorCategory.USER_ERROR ? CallStatus.INVALID_ARGUMENT : CallStatus.INTERNAL;
            throw status.withDescription(e.getMessage()).withCause(e).toRuntimeException();
        } catch (Exception e) {
            log.warn("Action {} failed", type, e);
            throw FlightStatuses.internal("running action " + type, e);
        }
        for (byte[] result : results) {
            listener.onNext(new Result(result));
        }
    }

    /** JSON text: status, memory used and budget, spilled bytes, number of streams and jobs. */
    String health() {
        return "{\"status\":\"serving\",\"memoryUsedBytes\":%d,\"memoryBudgetBytes\":%d,\"spilledBytes\":%d,\"streams\":%d,\"jobs\":%d}"
                .formatted(store.memoryUsed(), memoryBudgetBytes, store.spilledBytes(), store.streams().size(), store.jobs().size());
    }

    private static String body(Action action) {
        byte[] body = action.getBody();
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    private static Result text(String value) {
        return new Result(value.getBytes(StandardCharsets.UTF_8));
    }
}
