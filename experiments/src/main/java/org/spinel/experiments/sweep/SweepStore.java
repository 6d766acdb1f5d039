package org.spinel.experiments.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a sweep directory lives, as the sweep's driver (the {@code spinel sweep} process) sees it: a filesystem path
 * ({@link #local}), or, with the Spark executor, a Hadoop-compatible URI ({@code hdfs://}, {@code s3a://}, ...:
 * {@code org.spinel.experiments.spark.HadoopSweepStore}, built by the {@code spark} profile only).
 *
 * <p>The driver writes its own files ({@code sweep.json}, {@code index.csv}, {@code manifest.json}, summaries) into
 * {@link #localDir()} and hands each one to {@link #put}; the points' directories are written by the function
 * {@link #pointFunction} returns, wherever the executor runs it.
 */
public interface SweepStore extends AutoCloseable {
    /** The sweep directory, as it is named to the user (a path or a URI). */
    String location();

    /** The local directory the driver writes its files in (for a path: the sweep directory itself). */
    Path localDir();

    /**
     * Prepares the sweep directory before the index is opened: creates it (a path), or fetches its {@code index.csv}
     * into {@link #localDir()} (a URI).
     */
    void open() throws IOException;

    /** Publishes {@code localDir()/name} (a file the driver wrote) into the sweep directory; a no-op for a path. */
    void put(String name) throws IOException;

    /** Says that {@code index.csv} in {@link #localDir()} has new rows (a URI's store uploads them soon after). */
    void indexChanged();

    /** Removes what killed attempts of points left staged (no sweep may be running in the directory). */
    void removeAttempts() throws IOException;

    /** The function the executor runs for each point: {@code run} itself for a path. */
    Function<SweepPoint, PointResult> pointFunction(SweepPointFunction run);

    /**
     * The recorded results of the points of {@code points} whose directories are published but not in
     * {@code indexed} (a driver killed before it indexed them), without running them; empty for a path, where the
     * point function returns a published point's recorded result itself.
     */
    List<PointResult> publishedNotIndexed(List<SweepPoint> points, Set<String> indexed) throws IOException;

    /** Copies the sweep directory's file {@code relative} into {@link #localDir()} if it is not there (a URI). */
    void fetch(String relative) throws IOException;

    @Override
    void close() throws IOException;

    /** A sweep directory on a filesystem path (on a cluster: one every worker sees). */
    static SweepStore local(Path dir) {
        return new SweepStore() {
            @Override
            public String location() {
                return dir.toString();
            }

            @Override
            public Path localDir() {
                return dir;
            }

            @Override
            public void open() throws IOException {
                Files.createDirectories(dir);
            }

            @Override
            public void put(String name) {
            }

            @Override
            public void indexChanged() {
            }

            @Override
            public void removeAttempts() throws IOException {
                SweepPointFunction.removeAttempts(dir);
            }

            @Override
            public Function<SweepPoint, PointResult> pointFunction(SweepPointFunction run) {
                return run;
            }

            @Override
            public List<PointResult> publishedNotIndexed(List<SweepPoint> points, Set<String> indexed) {
                return List.of();
            }

            @Override
            public void fetch(String relative) {
            }

            @Override
            public void close() {
            }
        };
    }
}
