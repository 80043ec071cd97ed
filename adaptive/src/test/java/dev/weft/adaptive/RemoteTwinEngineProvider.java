package dev.weft.adaptive;

/**
 * The twin engine as if it ran in an engine host: its profile (test resource remote-twin.json) says process "host" and
 * lists only the Flight channel, so every boundary with it goes through the driver's Flight server. Dearer than twin.
 */
public final class RemoteTwinEngineProvider extends TwinEngineProvider {
    public static final String NAME = "remote-twin";

    public RemoteTwinEngineProvider() {
        super(NAME);
    }
}
