package org.spinel.experiments.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where results go and whether a progress bar is shown (commands that run experiments). */
public final class OutputOptions {
    @Option(names = "--out", defaultValue = "runs", description = "Output root (default ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--no-progress", description = "No progress bar (it is off anyway when output is not a terminal).")
    boolean noProgress;

    /** Whether to draw a progress bar: asked for and writing to a terminal. */
    boolean progress() {
        return !noProgress && System.console() != null;
    }
}
