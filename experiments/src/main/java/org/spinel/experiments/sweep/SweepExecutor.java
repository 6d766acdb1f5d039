package org.spinel.experiments.sweep;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs sweep points and hands each result over as soon as it is done. The local implementation is a bounded thread
 * pool ({@link LocalSweepExecutor}); {@code org.spinel.experiments.spark.SparkSweepExecutor} (built by the
 * {@code spark} Maven profile) runs the same {@link SweepPointFunction} as one Spark task per point.
 */
public interface SweepExecutor extends AutoCloseable {
    /**
     * Checks, before any point runs, that the points can run where this executor runs them (on a cluster: the
     * function serialises, the workers have its protocol and can write the sweep directory).
     *
     * @param run the function {@link #execute} will run (a {@link SweepPointFunction}, or what a
     *            {@link SweepStore} wraps it in)
     * @throws IOException if the sweep directory cannot be written where the points run
     */
    default void check(Function<SweepPoint, PointResult> run) throws IOException {
    }

    /**
     * Runs every point with {@code run} (which never throws: failures are results) and passes each result to
     * {@code done}, possibly from several threads; returns when all are done.
     */
    void execute(List<SweepPoint> points, Function<SweepPoint, PointResult> run, Consumer<PointResult> done);

    /** Writes what the sweep's manifest records of this executor ({@code executor}, ...) into {@code into}. */
    void describe(ObjectNode into);

    /** Releases the executor's resources (a Spark context). */
    @Override
    default void close() {
    }
}
