package org.spinel.experiments.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.spec.ValidationError;
import org.spinel.experiments.sweep.PointResult;
import org.spinel.experiments.sweep.SweepPoint;
import org.spinel.experiments.sweep.SweepPointFunction;
import org.spinel.experiments.sweep.SweepStore;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A sweep directory under a Hadoop-compatible URI ({@code hdfs://}, {@code s3a://}, {@code abfs://}, a scheme of
 * one's own with {@code --conf spark.hadoop.fs.<scheme>.impl=<class>}), written through Hadoop's
 * {@link FileSystem} API with the Spark executor (docs/cluster.md).
 *
 * <ul>
 * <li>Each point runs into a local staging directory on its executor exactly as on a path, is copied to
 * {@code points/.attempt-<id>-<random>/} in the sweep directory and published by a rename to {@code points/<id>/}
 * ({@link HadoopPointFunction}); an attempt that finds the name taken (a retried or speculative task) discards its
 * copy, so no point is published twice.</li>
 * <li>The driver writes {@code sweep.json}, {@code index.csv}, {@code manifest.json} and the summaries into a local
 * directory of its own and publishes each one by writing a temporary file beside its name and renaming it; the
 * index is published at most every {@value #INDEX_UPLOAD_MS} ms while points finish, and at the end.</li>
 * <li>Resume: the index is fetched from the sweep directory; points published but not indexed (the driver was killed
 * first) are found by listing {@code points/} and indexed from their manifests, without running again.</li>
 * <li>Constructing the store probes the URI (creates and deletes a file in the sweep directory) before any point
 * runs: a URI whose filesystem is unknown, unreachable or not writable is refused with the cause.</li>
 * </ul>
 * One driver at a time per sweep directory: on a URI this is not checked (a path's index has a file lock).
 */
public final class HadoopSweepStore implements SweepStore {
    /** Least time between two uploads of {@code index.csv} while points finish (ms). */
    static final int INDEX_UPLOAD_MS = 2000;

    private final String location;
    private final Path dir;
    private final Map<String, String> hadoop;
    private final FileSystem fs;
    private final java.nio.file.Path local;
    private final AtomicBoolean indexDirty = new AtomicBoolean();
    private final AtomicReference<IOException> uploadFailure = new AtomicReference<>();
    private final ScheduledExecutorService uploader;

    /**
     * Opens the sweep directory {@code relative} under {@code out} and probes that this process can write there.
     *
     * @param out      the output URI ({@code --out})
     * @param relative the sweep directory under it ({@code <name>/sweep-<hash>})
     * @param conf     the Spark properties of {@code --conf}; those named {@code spark.hadoop.*} (and those of the
     *                 system properties, as spark-submit sets them) configure Hadoop, as in Spark
     * @throws ExperimentException if the URI is malformed, its filesystem unknown or not writable (nothing written)
     * @throws IOException         if the local directory of the driver's files cannot be made
     */
    public HadoopSweepStore(String out, String relative, Map<String, String> conf) throws IOException {
        this.hadoop = hadoopProperties(conf);
        URI uri;
        try {
            uri = new URI(out);
        } catch (URISyntaxException ex) {
            throw refused(out, ex.getMessage());
        }
        this.dir = new Path(new Path(uri), relative);
        this.location = dir.toString();
        FileSystem f;
        try {
            f = FileSystem.get(dir.toUri(), configuration(hadoop));
        } catch (IOException | RuntimeException ex) {
            throw refused(out, cause(ex));
        }
        this.fs = f;
        Path probe = new Path(dir, ".probe-" + UUID.randomUUID());
        try {
            try (OutputStream o = fs.create(probe, false)) {
                o.write('\n');
            }
            if (!fs.delete(probe, false)) {
                throw new IOException("could not delete the probe file " + probe);
            }
        } catch (IOException | RuntimeException ex) {
            throw refused(out, "cannot write " + probe + ": " + cause(ex));
        }
        this.local = Files.createTempDirectory("spinel-sweep-");
        this.uploader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spinel-index-upload");
            t.setDaemon(true);
            return t;
        });
        uploader.scheduleWithFixedDelay(this::uploadIndexIfChanged, INDEX_UPLOAD_MS, INDEX_UPLOAD_MS,
                TimeUnit.MILLISECONDS);
    }

    private static ExperimentException refused(String out, String cause) {
        return new ExperimentException(List.of(new ValidationError("--out", "\"" + out + "\": " + cause, "a URI of a "
                + "filesystem this process can write (hdfs://..., s3a://..., with its FileSystem on the class path and "
                + "configured by --conf spark.hadoop.*; docs/cluster.md)")));
    }

    /** An exception's class and first line of message (Hadoop's remote exceptions carry whole stack traces). */
    static String cause(Throwable ex) {
        String m = String.valueOf(ex.getMessage());
        int nl = m.indexOf('\n');
        return ex.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }

    /**
     * The Hadoop properties of a Spark configuration: {@code spark.hadoop.X=v} of the system properties (where
     * spark-submit puts its configuration) and of {@code conf} (which wins) as {@code X=v}.
     */
    static Map<String, String> hadoopProperties(Map<String, String> conf) {
        SparkConf c = new SparkConf(true);
        conf.forEach(c::set);
        Map<String, String> h = new HashMap<>();
        for (scala.Tuple2<String, String> kv : c.getAll()) {
            if (kv._1().startsWith("spark.hadoop.")) {
                h.put(kv._1().substring("spark.hadoop.".length()), kv._2());
            }
        }
        return h;
    }

    private static final Map<Map<String, String>, Configuration> CONFIGURATIONS = new ConcurrentHashMap<>();

    /** A Hadoop configuration (its defaults and *-site.xml files, then {@code properties}), one per JVM. */
    static Configuration configuration(Map<String, String> properties) {
        return CONFIGURATIONS.computeIfAbsent(Map.copyOf(properties), p -> {
            Configuration c = new Configuration();
            p.forEach(c::set);
            return c;
        });
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public java.nio.file.Path localDir() {
        return local;
    }

    @Override
    public void open() throws IOException {
        fs.mkdirs(new Path(dir, "points"));
        fetch("index.csv");
    }

    @Override
    public void put(String name) throws IOException {
        if (name.equals("index.csv")) {
            indexDirty.set(false);
        }
        publish(fs, local.resolve(name), new Path(dir, name));
    }

    /** Writes {@code from} to a temporary name beside {@code to}, then renames it to {@code to} (replacing it). */
    static void publish(FileSystem fs, java.nio.file.Path from, Path to) throws IOException {
        Path tmp = new Path(to.getParent(), "." + to.getName() + ".tmp-" + UUID.randomUUID());
        try {
            try (OutputStream o = fs.create(tmp, false)) {
                Files.copy(from, o);
            }
            if (!rename(fs, tmp, to)) {
                // HDFS and object stores do not rename over an existing file: the old one goes first
                fs.delete(to, false);
                if (!rename(fs, tmp, to)) {
                    throw new IOException("could not rename " + tmp + " to " + to);
                }
            }
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, false);
            }
        }
    }

    /** Hadoop's rename, false (not an exception) when the target exists. */
    static boolean rename(FileSystem fs, Path from, Path to) throws IOException {
        try {
            return fs.rename(from, to);
        } catch (FileAlreadyExistsException taken) {
            return false;
        }
    }

    private void uploadIndexIfChanged() {
        if (indexDirty.getAndSet(false)) {
            try {
                publish(fs, local.resolve("index.csv"), new Path(dir, "index.csv"));
            } catch (IOException ex) {
                indexDirty.set(true);
                if (uploadFailure.getAndSet(ex) == null) {
                    System.err.println("spinel: could not publish " + new Path(dir, "index.csv") + " (will try again): "
                            + cause(ex));
                }
            }
        }
    }

    @Override
    public void indexChanged() {
        indexDirty.set(true);
    }

    /** Also removes probe files and temporary copies of the driver's files that a killed driver left. */
    @Override
    public void removeAttempts() throws IOException {
        for (Path d : List.of(dir, new Path(dir, "points"))) {
            if (!fs.exists(d)) {
                continue;
            }
            for (FileStatus s : fs.listStatus(d)) {
                String name = s.getPath().getName();
                if (name.startsWith(SweepPointFunction.ATTEMPT) || name.startsWith(".probe-") || name.startsWith(".")
                        && name.contains(".tmp-")) {
                    fs.delete(s.getPath(), true);
                }
            }
        }
    }

    @Override
    public Function<SweepPoint, PointResult> pointFunction(SweepPointFunction run) {
        return new HadoopPointFunction(run, dir.toString(), hadoop);
    }

    @Override
    public List<PointResult> publishedNotIndexed(List<SweepPoint> points, Set<String> indexed) throws IOException {
        Path pointsDir = new Path(dir, "points");
        Set<String> published = new java.util.HashSet<>();
        for (FileStatus s : fs.exists(pointsDir) ? fs.listStatus(pointsDir) : new FileStatus[0]) {
            if (s.isDirectory() && !s.getPath().getName().startsWith(".")) {
                published.add(s.getPath().getName());
            }
        }
        List<PointResult> out = new ArrayList<>();
        for (SweepPoint p : points) {
            if (published.contains(p.id()) && !indexed.contains(p.id())) {
                PointResult r = recorded(fs, dir, p);
                if (r != null) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /**
     * The result of point {@code p} as published in the sweep directory {@code dir}
     * ({@code points/<id>/<experiment name>/<run id>/} with its manifest), its wall time as its manifest recorded it;
     * null if it is not published.
     */
    static PointResult recorded(FileSystem fs, Path dir, SweepPoint p) throws IOException {
        Path published = new Path(dir, "points/" + p.id());
        FileStatus[] names;
        try {
            names = fs.listStatus(published);
        } catch (FileNotFoundException none) {
            return null;
        }
        List<String> runs = new ArrayList<>();
        for (FileStatus n : names) {
            if (!n.isDirectory() || n.getPath().getName().startsWith(".")) {
                continue;
            }
            for (FileStatus id : fs.listStatus(n.getPath())) {
                if (id.isDirectory() && !id.getPath().getName().startsWith(".") && fs.exists(new Path(id.getPath(),
                        "manifest.json"))) {
                    runs.add(n.getPath().getName() + "/" + id.getPath().getName());
                }
            }
        }
        if (runs.isEmpty()) {
            return null;
        }
        runs.sort(null);
        String run = "points/" + p.id() + "/" + runs.get(0);
        JsonNode manifest;
        try (InputStream in = fs.open(new Path(dir, run + "/manifest.json"))) {
            manifest = ExperimentReader.MAPPER.readTree(in);
        }
        return new PointResult(p, true, manifest.path("manifest").path("wall_s").asDouble(), manifest.path("metrics")
                .path("spikes").asLong(), run, "");
    }

    @Override
    public void fetch(String relative) throws IOException {
        java.nio.file.Path to = local.resolve(relative);
        if (Files.exists(to)) {
            return;
        }
        try (InputStream in = fs.open(new Path(dir, relative))) {
            Files.createDirectories(to.getParent());
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileNotFoundException absent) {
            // nothing to fetch (a new sweep's index)
        }
    }

    /** Publishes the index if it has rows not yet published, and removes the driver's local directory. */
    @Override
    public void close() throws IOException {
        uploader.shutdownNow();
        try {
            uploader.awaitTermination(30, TimeUnit.SECONDS);
            if (indexDirty.get()) {
                put("index.csv");
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            SweepPointFunction.deleteTree(local);
        }
    }
}
