package dev.weft.flight;

/** Runs {@code weft flight serve} in a child JVM with the process's console, as the CLI's {@code weft} does. */
final class ServeCommandMain {
    private ServeCommandMain() {}

    public static void main(String[] args) {
        System.exit(FlightServeCommand.run(args, System.out, System.err));
    }
}
