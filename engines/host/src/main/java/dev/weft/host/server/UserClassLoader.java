package dev.weft.host.server;

import java.net.URL;
import java.net.URLClassLoader;

/** The host's class loader for user classes: the host classpath, plus jars the driver adds with add-jar. */
final class UserClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    UserClassLoader(ClassLoader parent) {
        super("weft-user", new URL[0], parent);
    }

    @Override
    public void addURL(URL url) {
        super.addURL(url);
    }
}
