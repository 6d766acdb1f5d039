package org.spinel.experiments.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.apache.spark.SparkConf;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.spinel.experiments.protocol.Protocols;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ValidationError;
import org.spinel.experiments.sweep.PointResult;
import org.spinel.experiments.sweep.SweepExecutor;
import org.spinel.experiments.sweep.SweepPoint;
import org.spinel.experiments.sweep.SweepPointFunction;

import com.fasterxml.jackson.databind.node.ObjectNode;

import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs sweep points on Apache Spark: one task per point, each running the sweep's {@link SweepPointFunction} (the
 * one the local executor runs) where Spark places it, and returning its {@link PointResult} to this process (the
 * driver), which hands each one over as its task finishes; the caller writes {@code index.csv} alone. A task that
 * Spark retries or runs twice publishes nothing twice: the point function is idempotent by the point's identity.
 *
 * <p>The master is any Spark master URL: {@code local[N]} / {@code local[*]} (embedded), {@code local-cluster[...]},
 * {@code spark://host:port} (a standalone cluster; its reachability is checked before Spark starts), {@code yarn},
 * {@code k8s://...}. On a cluster the sweep directory must be a path every worker sees (a shared filesystem), or a
 * Hadoop-compatible URI ({@link HadoopSweepStore}).
 */
public final class SparkSweepExecutor implements SweepExecutor {
    /** Seconds a standalone master must answer a connection within. */
    private static final int CONNECT_TIMEOUT_MS = 5000;

    private final JavaSparkContext sc;
    private final String master;
    private final Set<String> executorsUsed = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger failedAttempts = new java.util.concurrent.atomic
            .AtomicInteger();

    /**
     * Starts a Spark context.
     *
     * @param appName the application name
     * @param master  the master URL
     * @param conf    further Spark properties ({@code --conf}); they win over this class's defaults (no web UI, no
     *                console progress bar)
     * @throws ExperimentException if the master URL is malformed or a standalone master does not answer
     */
    public SparkSweepExecutor(String appName, String master, Map<String, String> conf) {
        checkMaster(master);
        this.master = master;
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "org/spinel/experiments/spark/log4j2-spinel.properties");
        }
        SparkConf c = new SparkConf().setAppName(appName).setMaster(master).set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
        if (master.startsWith("local")) {
            // one machine: the loopback address, whatever this host's name resolves to
            c.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.forEach(c::set);
        sc = new JavaSparkContext(c);
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() == Success$.MODULE$) {
                    executorsUsed.add(end.taskInfo().executorId());
                } else {
                    failedAttempts.incrementAndGet(); // a lost executor, say: Spark runs the task again
                }
            }
        });
    }

    /** Checks the master URL's form, and that a standalone master ({@code spark://}) accepts connections. */
    static void checkMaster(String master) {
        String expected = "local, local[N], local[*], local[N,F], local-cluster[N,C,M], spark://host:port[,host:port], "
                + "yarn or k8s://https://host:port";
        if (master.matches("local(\\[(\\*|\\d+)(,\\d+)?])?") || master.matches("local-cluster\\[\\d+, *\\d+, *\\d+]")
                || master.equals("yarn") || master.matches("k8s://.+")) {
            return;
        }
        if (!master.matches("spark://[^,:/]+:\\d+(,[^,:/]+:\\d+)*")) {
            throw new ExperimentException(List.of(new ValidationError("--master", "\"" + master + "\"", expected)));
        }
        List<String> tried = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon
                        + 1))), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException | IllegalArgumentException ex) {
                tried.add(hostPort + " (" + ex.getMessage() + ")");
            }
        }
        throw new ExperimentException(List.of(new ValidationError("--master", "\"" + master + "\": no master answers at "
                + String.join(", ", tried), "the URL of a running Spark master")));
    }

    /**
     * Before any point runs: the point function survives Java serialisation (Spark ships it to the executors so),
     * and on every executor slot it deserialises, finds its protocol and can create and remove a file in the sweep's
     * {@code points/} directory (a probe job; with a {@code local[N]} master, whose one executor is this JVM, the
     * probe runs here instead).
     *
     * @throws ExperimentException if the point function does not serialise or an executor lacks its protocol
     * @throws IOException         if an executor cannot write the sweep directory (not a shared filesystem?)
     */
    @Override
    public void check(Function<SweepPoint, PointResult> run) throws IOException {
        Function<SweepPoint, PointResult> copy = roundTrip(run);
        String protocol = run instanceof SweepPointFunction f ? f.protocol() : run instanceof HadoopPointFunction h ? h
                .protocol() : null;
        if (copy == null || protocol == null) {
            throw new ExperimentException(List.of(new ValidationError("/protocol", String.valueOf(protocol), "a point "
                    + "function that Java serialisation can ship to Spark's executors")));
        }
        int slots = Math.max(1, sc.defaultParallelism());
        String dir = run instanceof SweepPointFunction f ? f.sweepDir().toString() : ((HadoopPointFunction) run).dir();
        Function<SweepPoint, PointResult> shipped = copy;
        List<String> problems;
        if (sc.sc().isLocal()) {
            // local[N]: the one executor is this JVM, whose class path and filesystem the probe would find (a probe
            // job would only add a Spark job's start, seconds on a busy machine, to every sweep)
            String p = probe(shipped, dir, protocol);
            problems = p.isEmpty() ? List.of() : List.of(p);
        } else {
            problems = sc.parallelize(IntStream.range(0, slots).boxed().toList(), slots).map(k -> probe(shipped, dir,
                    protocol)).filter(p -> !p.isEmpty()).distinct().collect();
        }
        for (String p : problems) {
            if (p.startsWith("protocol:")) {
                throw new ExperimentException(List.of(new ValidationError("/protocol", "\"" + protocol + "\"", "a "
                        + "protocol the Spark executors have (" + p.substring("protocol:".length()) + "); put the jar "
                        + "with its plug-in on their classpath")));
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException("the sweep directory " + dir + " is not writable where the points run: " + String
                    .join("; ", problems) + (run instanceof HadoopPointFunction ? "" : " (on a cluster it must be a "
                            + "path every worker sees, a shared filesystem)"));
        }
    }

    /** What one executor slot finds: "" if it can run the points, else what is wrong (and where). */
    private static String probe(Function<SweepPoint, PointResult> run, String sweepDir, String protocol) {
        String host = hostName();
        if (Protocols.find(protocol) == null) {
            return "protocol:" + host + " has " + Protocols.names();
        }
        if (run instanceof HadoopPointFunction h) {
            String problem = h.probe();
            return problem.isEmpty() ? "" : "on " + host + ": " + problem;
        }
        Path points = Path.of(sweepDir, "points");
        Path probe = points.resolve(".probe-" + UUID.randomUUID());
        try {
            Files.createDirectories(points);
            Files.writeString(probe, host);
            Files.delete(probe);
            return "";
        } catch (IOException | RuntimeException ex) {
            return "on " + host + ": " + ex;
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException ex) {
            return "unknown host";
        }
    }

    /** {@code f} after a Java serialisation round trip, or null if it does not survive one. */
    @SuppressWarnings("unchecked")
    static Function<SweepPoint, PointResult> roundTrip(Function<SweepPoint, PointResult> f) {
        if (!(f instanceof Serializable)) {
            return null;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(f);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (Function<SweepPoint, PointResult>) in.readObject();
            }
        } catch (IOException | ClassNotFoundException | RuntimeException ex) {
            return null;
        }
    }

    /**
     * Runs each point as one Spark task (one partition per point, in point order) and hands each result to
     * {@code done} (on one thread of this process, never Spark's scheduler thread) as its task finishes.
     *
     * @throws IllegalArgumentException if {@code run} is not serialisable (checked before any point runs)
     */
    @Override
    public void execute(List<SweepPoint> points, Function<SweepPoint, PointResult> run, Consumer<PointResult> done) {
        if (roundTrip(run) == null) {
            throw new IllegalArgumentException("the point function " + run.getClass().getName() + " does not survive "
                    + "Java serialisation: Spark cannot ship it to its executors");
        }
        if (points.isEmpty()) {
            return;
        }
        // Spark calls the result handler on its scheduler's one event thread: the caller's work there (an index row
        // forced to disk) would hold up the scheduling of the next task. It runs on a thread of its own instead.
        java.util.concurrent.LinkedBlockingQueue<Object> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        Object end = new Object();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic
                .AtomicReference<>();
        Thread deliverer = new Thread(() -> {
            try {
                for (Object o = queue.take(); o != end; o = queue.take()) {
                    if (failure.get() == null) {
                        try {
                            done.accept((PointResult) o);
                        } catch (Throwable t) {
                            failure.set(t);
                            sc.cancelAllJobs(); // as a failing result handler fails the job: no more points run
                        }
                    }
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, "spinel-sweep-results");
        deliverer.setDaemon(true);
        deliverer.start();
        RuntimeException jobFailure = null;
        try {
            sc.sc().runJob(sc.parallelize(points, points.size()).rdd(), new RunPoints(run), new Deliver(queue::add),
                    ClassTag$.MODULE$.apply(PointResult.class));
        } catch (RuntimeException ex) {
            jobFailure = ex;
        } finally {
            queue.add(end);
            boolean interrupted = false;
            while (deliverer.isAlive()) {
                try {
                    deliverer.join();
                } catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable f = failure.get();
        if (f != null) {
            if (f instanceof Error e) {
                throw e;
            }
            throw f instanceof RuntimeException r ? r : new IllegalStateException(f);
        }
        if (jobFailure != null) {
            throw jobFailure;
        }
    }

    @Override
    public void describe(ObjectNode into) {
        into.put("executor", "spark");
        into.put("master", master);
        into.put("spark_version", sc.version());
        into.put("application_id", sc.sc().applicationId());
        into.put("default_parallelism", sc.defaultParallelism());
        into.put("executors", executorsUsed.size());
        into.put("failed_task_attempts", failedAttempts.get());
    }

    @Override
    public void close() {
        sc.stop();
    }

    /** The task body: runs the partition's point (one per partition). */
    private static final class RunPoints extends AbstractFunction1<Iterator<SweepPoint>, PointResult> implements
            Serializable {
        private static final long serialVersionUID = 1L;
        private final Function<SweepPoint, PointResult> run;

        RunPoints(Function<SweepPoint, PointResult> run) {
            this.run = run;
        }

        @Override
        public PointResult apply(Iterator<SweepPoint> partition) {
            PointResult last = null;
            while (partition.hasNext()) {
                last = run.apply(partition.next());
            }
            return last;
        }
    }

    /** On the driver (Spark's scheduler thread): hands a finished task's result over. */
    private static final class Deliver extends AbstractFunction2<Object, PointResult, BoxedUnit> {
        private final Consumer<PointResult> done;

        Deliver(Consumer<PointResult> done) {
            this.done = done;
        }

        @Override
        public BoxedUnit apply(Object partition, PointResult r) {
            if (r != null) {
                done.accept(r);
            }
            return BoxedUnit.UNIT;
        }
    }
}
