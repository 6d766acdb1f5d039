package org.spinel.experiments.protocol;

import org.spinel.experiments.spec.Experiment;

/**
 * A test-only protocol whose run fails with a {@link NullPointerException} after writing a file: an internal error,
 * which must exit 1 (not 2, invalid input) and leave no directory behind.
 */
public final class NullPointerProtocol implements Protocol<Void> {
    @Override
    public String name() {
        return "test-null-pointer";
    }

    @Override
    public Void read(ProtocolInput in) {
        return null;
    }

    @Override
    public Outcome run(Experiment e, Void settings, RunContext run) throws java.io.IOException {
        java.nio.file.Files.writeString(run.directory().resolve("partial.txt"), "half-written\n");
        String missing = System.getProperty("spinel.test.no-such-property");
        return new Outcome(null, new Outcome.Execution("none", "fails", "none" + missing.length()));
    }
}
