package org.spinel.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** Spinel's version, from the build. */
public final class SpinelVersion implements IVersionProvider {
    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = SpinelVersion.class.getResourceAsStream("/spinel-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"spinel " + version() + " (Java " + Runtime.version() + ")"};
    }
}
