package org.spinel.experiments.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.spinel.experiments.sweep.PointResult;
import org.spinel.experiments.sweep.SweepPoint;
import org.spinel.experiments.sweep.SweepPointFunction;

/**
 * The point function of a sweep whose directory is a Hadoop URI ({@link HadoopSweepStore}), run on Spark's
 * executors: runs the point with the sweep's {@link SweepPointFunction} into a local staging directory (exactly as
 * in a sweep directory on a path), copies the point's directory to {@code points/.attempt-<id>-<random>/} in the
 * sweep directory and renames it to {@code points/<id>/}. Idempotent by the point's identity: a point already
 * published is not run again (its recorded result is returned), and an attempt that finds the name taken when it
 * renames (a retried or speculative task) discards its copy and returns the winner's result.
 *
 * <p>Serialisable: the point function, the sweep directory's URI and the Hadoop properties travel to the executors.
 * {@link #apply} never throws: a failure is a result with its error message.
 */
final class HadoopPointFunction implements Function<SweepPoint, PointResult>, Serializable {
    private static final long serialVersionUID = 1L;

    private final SweepPointFunction run;
    private final String dir;
    private final HashMap<String, String> hadoop;

    /**
     * @param run    the sweep's point function (its own sweep directory is not used)
     * @param dir    the sweep directory's URI
     * @param hadoop the Hadoop properties the filesystem is configured with
     */
    HadoopPointFunction(SweepPointFunction run, String dir, Map<String, String> hadoop) {
        this.run = run;
        this.dir = dir;
        this.hadoop = new HashMap<>(hadoop);
    }

    /** The protocol the points run. */
    String protocol() {
        return run.protocol();
    }

    /** The sweep directory's URI. */
    String dir() {
        return dir;
    }

    private FileSystem fs() throws IOException {
        return FileSystem.get(URI.create(dir), HadoopSweepStore.configuration(hadoop));
    }

    @Override
    public PointResult apply(SweepPoint p) {
        long t0 = System.nanoTime();
        Path sweep = new Path(dir);
        Path published = new Path(sweep, "points/" + p.id());
        java.nio.file.Path staging = null;
        Path attempt = null;
        FileSystem fs = null;
        try {
            fs = fs();
            PointResult recorded = HadoopSweepStore.recorded(fs, sweep, p);
            if (recorded != null) {
                return recorded;
            }
            staging = Files.createTempDirectory("spinel-point-");
            PointResult r = run.applyIn(staging, p);
            if (!r.ok()) {
                return r;
            }
            attempt = new Path(sweep, "points/" + SweepPointFunction.ATTEMPT + p.id() + "-" + UUID.randomUUID());
            fs.copyFromLocalFile(false, false, new Path(staging.resolve("points").resolve(p.id()).toUri()), attempt);
            boolean won = HadoopSweepStore.rename(fs, attempt, published);
            Path inside = new Path(published, attempt.getName());
            if (won && fs.exists(inside)) {
                // HDFS moves a directory into an existing one of the target's name: another attempt published first
                fs.delete(inside, true);
                won = false;
            }
            if (!won) {
                recorded = HadoopSweepStore.recorded(fs, sweep, p);
                if (recorded == null) {
                    throw new IOException("could not rename " + attempt + " to " + published);
                }
                return recorded; // another attempt of the same point published first: its result stands
            }
            attempt = null;
            return new PointResult(p, true, (System.nanoTime() - t0) / 1e9, r.spikes(), r.runDir(), "");
        } catch (Exception | StackOverflowError ex) {
            return new PointResult(p, false, (System.nanoTime() - t0) / 1e9, 0, "", "point " + p.id() + " into " + dir
                    + ": " + HadoopSweepStore.cause(ex));
        } finally {
            if (staging != null) {
                SweepPointFunction.deleteTree(staging);
            }
            if (attempt != null && fs != null) {
                try {
                    fs.delete(attempt, true);
                } catch (IOException ignored) {
                    // a hidden attempt is never mistaken for a result; the next sweep here removes it
                }
            }
        }
    }

    /**
     * What this executor finds, before any point runs: "" if it can write the sweep directory (creates and deletes a
     * probe file in {@code points/}) and a local staging directory, else what is wrong.
     */
    String probe() {
        try {
            FileSystem fs = fs();
            Path probe = new Path(dir, "points/.probe-" + UUID.randomUUID());
            try (OutputStream o = fs.create(probe, false)) {
                o.write('\n');
            }
            fs.delete(probe, false);
            java.nio.file.Path staging = Files.createTempDirectory("spinel-probe-");
            Files.delete(staging);
            return "";
        } catch (IOException | RuntimeException ex) {
            return HadoopSweepStore.cause(ex);
        }
    }
}
