package org.spinel.experiments.protocol;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What the framework gives a running {@link Protocol}: the working directory to fill, the run id, and the run's
 * options. Everything the protocol writes into {@link #directory()} becomes part of the published run directory
 * (and is listed in its manifest).
 */
public interface RunContext {
    /**
     * Prefix of the working directory of a run of a protocol that {@link Protocol#resumes() resumes}
     * ({@code <out>/<name>/.incomplete-<run id>/}): kept with its checkpoint when the run stops, continued by
     * {@code --resume}.
     */
    String INCOMPLETE = ".incomplete-";

    /** The working directory (hidden until the run is published under its run id). */
    Path directory();

    /** The run id, the published directory's name ({@code <UTC timestamp>-<experiment hash>[-k]}). */
    String runId();

    /** Whether to show progress bars. */
    boolean progress();

    /** Where to print messages (never null; a null stream when the caller wants none). */
    PrintStream log();

    /**
     * The run directory or checkpoint given with {@code --resume}, or null (only for a protocol that
     * {@link Protocol#resumes()}). When it names a stopped run's working directory of the same experiment, the
     * framework continues in it: {@link #directory()} is that directory and {@link #resumedInPlace()} is true.
     */
    Path resume();

    /** Whether {@link #directory()} is a stopped run's working directory that this run continues. */
    boolean resumedInPlace();

    /**
     * Keeps the working directory if the run fails from now on (a resumable protocol calls it once the directory
     * holds a checkpoint: the stopped run can then be continued with {@code --resume}). Without it a failed run's
     * working directory is removed.
     */
    void keepOnFailure();

    /**
     * Records a dataset file the run read: the manifest identifies it by its SHA-256 (computed once per run, cached
     * per path, size and modification time).
     *
     * @param role what the file is (e.g. {@code "fashion-mnist/train/images"})
     * @param file the file
     */
    void dataset(String role, Path file) throws IOException;
}
