package dev.weft.cli;

import dev.weft.api.WeftException;
import dev.weft.flight.FlightServeCommand;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code weft} command: {@code weft run|explain <example> [options]}, {@code weft calibrate [options]},
 * {@code weft flight serve [options]},
 * {@code weft --help}, {@code weft --version}.
 * Results go to stdout, everything else (errors, progress, logs) to stderr. Exit status: 0 done, 1 the job failed,
 * 2 the command line is wrong.
 */
public final class Main {
    static final int OK = 0;
    static final int JOB_FAILED = 1;
    static final int USAGE_ERROR = 2;

    private Main() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err, isTerminal());
        System.out.flush();
        System.exit(status);
    }

    /** Runs the command with the given streams and returns the exit status; never calls System.exit. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, false);
    }

    private static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
        if (args.length > 0 && args[0].equals("flight")) {
            return flight(args, out, err);
        }
        List<String> arguments = Arrays.asList(args);
        boolean verbose = arguments.contains("--verbose");
        try {
            Invocation invocation = CommandLineParser.parse(arguments);
            if (invocation instanceof Invocation.PrintText text) {
                out.print(text.text());
                out.flush();
                return OK;
            }
            if (invocation instanceof Invocation.CalibrateRequest calibrate) {
                new CalibrateRunner(out, err).run(calibrate);
                return OK;
            }
            if (invocation instanceof Invocation.EnginesRequest engines) {
                EnginesRunner.print(JobRunner.config(engines.settings()), out);
                return OK;
            }
            new JobRunner(out, err, terminal).run((Invocation.JobRequest) invocation);
            return OK;
        } catch (UsageException e) {
            err.println("weft: error: " + oneLine(e.getMessage()));
            return USAGE_ERROR;
        } catch (WeftException e) {
            err.println("weft: error: " + oneLine(e.getMessage()));
            if (verbose) {
                e.printStackTrace(err);
            }
            return JOB_FAILED;
        } catch (RuntimeException e) {
            err.println("weft: error: internal error: %s%s".formatted(oneLine(String.valueOf(e)),
                    verbose ? "" : " (run with --verbose for the stack trace)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            return JOB_FAILED;
        }
    }

    /** {@code weft flight serve [options]}: a standalone Flight service until Ctrl+C. */
    private static int flight(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !args[1].equals("serve")) {
            err.println("weft: error: 'weft flight' needs the subcommand serve, e.g. weft flight serve --port 8815 (see 'weft flight serve --help')");
            return USAGE_ERROR;
        }
        return FlightServeCommand.run(Arrays.copyOfRange(args, 2, args.length), out, err);
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    /**
     * Whether stderr goes to a terminal. The {@code weft} launcher knows ({@code [ -t 2 ]}) and passes
     * {@code -Dweft.stderr.terminal}; without it, {@link System#console()} is the best guess (before Java 22 it is
     * null unless stdin and stdout are terminals; from Java 22 {@code Console.isTerminal()} tells).
     */
    private static boolean isTerminal() {
        String fromLauncher = System.getProperty("weft.stderr.terminal");
        if (fromLauncher != null) {
            return Boolean.parseBoolean(fromLauncher);
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = console.getClass().getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 17-21: a console exists only on a terminal
        }
    }
}
