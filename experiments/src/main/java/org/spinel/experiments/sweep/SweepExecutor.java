package org.spinel.experiments.sweep;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs sweep points and hands each result over as soon as it is done. The local implementation is a bounded thread
 * pool ({@link LocalSweepExecutor}); a cluster engine (e.g. Apache Spark) can take its place behind this interface.
 */
public interface SweepExecutor {
    /**
     * Runs every point with {@code run} (which never throws: failures are results) and passes each result to
     * {@code done}, possibly from several threads; returns when all are done.
     */
    void execute(List<SweepPoint> points, Function<SweepPoint, PointResult> run, Consumer<PointResult> done);
}
