package org.spinel.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spinel.experiments.SpinelCli;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Faults (issue 23 items 8 and 9): SIGTERM and SIGINT to a {@code spinel run} process during the simulation, during
 * its export, during a long write into its working directory (a test protocol that keeps creating files and
 * directories, the worst case for the cleanup) and during a sweep stop it promptly with a non-zero exit, leave no
 * working directory and leave earlier runs byte-identical; stale working directories of killed runs are removed (or,
 * with a checkpoint, named with the {@code --resume} hint) by the next run; a full disk (a real small tmpfs where it
 * can be mounted, and simulated write failures in each shape the writers report it) fails with exit 1, "no space
 * left on device" and the path, and leaves nothing.
 *
 * <p>The signal tests start the CLI in a child JVM (the test class path, main class {@link SpinelCli}, the
 * environment's {@code LD_PRELOAD} as the launcher sets it); the launcher {@code exec}s that same command, which
 * {@link #theLauncherExecsTheJvmAndASigintReachesItEvenWhenStartedWithSigintIgnored()} checks with the real script.
 */
class FaultTest {
    private static final long EXIT_WAIT_S = 30; // a loaded 2-core machine: the hook itself takes well under 5 s
    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- helpers

    private static Object[] cli(String... args) {
        PrintStream oldErr = System.err, oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        try {
            return new Object[] {SpinelCli.execute(args), err.toString()};
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    private Path doc(String name, String protocol, String extra) throws Exception {
        Path f = tmp.resolve(name + ".json");
        Files.writeString(f, "{\"name\": \"" + name + "\", \"duration\": \"1 ms\", \"populations\": [{\"name\": \"p\", "
                + "\"size\": 1, \"model\": {\"type\": \"lif-cuba\"}}], \"protocol\": " + protocol + extra + "}");
        return f;
    }

    /** A finished earlier run in {@code out}; returns its directory. */
    private Path earlierRun(Path out) throws Exception {
        Object[] r = cli("run", doc("earlier", "{\"type\": \"test-echo\", \"count\": 3}", "").toString(), "--out",
                out.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        try (Stream<Path> s = Files.list(out.resolve("earlier"))) {
            return s.findFirst().orElseThrow();
        }
    }

    /** Path → SHA-256 of every file under {@code dir}, and every directory (hidden ones included). */
    static Map<String, String> hashes(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String key = dir.relativize(p).toString();
                m.put(key, Files.isDirectory(p) ? "dir" : HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return m;
    }

    /** Every working directory ({@code .tmp-*}, {@code .incomplete-*}) under {@code root}. */
    static List<Path> workingDirectories(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(RunDirectory.TEMPORARY)
                    || p.getFileName().toString().startsWith(RunDirectory.INCOMPLETE)).toList();
        }
    }

    private static boolean ignoresSigint() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(l.substring(7).trim(), 16) & 2L) != 0; // bit 1 = SIGINT (2)
            }
        }
        return false;
    }

    /** Starts {@code spinel <args>} in a child JVM with stdout/stderr in files under tmp. */
    private Process spinel(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (ignoresSigint()) {
            // A job started in the background without job control inherits SIGINT ignored (POSIX), and the JVM
            // keeps an ignored SIGINT ignored: reset it, as in an interactive shell.
            cmd.addAll(List.of("env", "--default-signal=INT"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path"), SpinelCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("child.err").toFile())
                .redirectOutput(tmp.resolve("child.out").toFile());
        return pb.start();
    }

    private String childErr() throws Exception {
        Path f = tmp.resolve("child.err");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    private void await(Process p, BooleanSupplier ready, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!ready.getAsBoolean()) {
            if (!p.isAlive()) {
                throw new AssertionError("the run ended (exit " + p.exitValue() + ") before " + what + ": " + childErr());
            }
            if (System.nanoTime() > end) {
                p.destroyForcibly();
                throw new AssertionError("not " + what + " within 120 s: " + childErr());
            }
            Thread.sleep(20);
        }
    }

    /** Sends {@code signal} (TERM or INT) and returns the exit code, asserting that the process ends promptly. */
    private int stop(Process p, String signal) throws Exception {
        if (signal.equals("TERM")) {
            p.destroy(); // SIGTERM
        } else {
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
        }
        long t0 = System.nanoTime();
        boolean ended = p.waitFor(EXIT_WAIT_S, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        assertTrue(ended, "SIG" + signal + " did not stop the run within " + EXIT_WAIT_S + " s: " + childErr());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(EXIT_WAIT_S));
        return p.exitValue();
    }

    private static long fileCount(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        } catch (Exception e) {
            return 0;
        }
    }

    private static boolean workerThreadsRunning(Process p) {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
            return s.anyMatch(t -> {
                try {
                    return Files.readString(t.resolve("comm")).startsWith("spinel-worker");
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (Exception e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- signals

    /**
     * After a signal: the JVM's exit status for it (143 SIGTERM, 130 SIGINT), no working directory left under
     * {@code out}, nothing published in {@code parent} (the run removes the folder it created when it gets to it
     * before the halt, so it may be absent), and the earlier run byte-identical.
     */
    private void assertStoppedAndNothingPublished(String signal, int code, Path out, Path parent, Path earlier,
            Map<String, String> before) throws Exception {
        assertEquals(signal.equals("TERM") ? 143 : 130, code, childErr());
        assertEquals(List.of(), workingDirectories(out), childErr());
        if (Files.exists(parent)) {
            try (Stream<Path> s = Files.list(parent)) {
                assertEquals(List.of(), s.toList(), "nothing published");
            }
        }
        assertEquals(before, hashes(earlier), "the earlier run is byte-identical");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalDuringTheSimulationStopsTheRunAndPublishesNothing(String signal) throws Exception {
        Path out = tmp.resolve("out");
        Path earlier = earlierRun(out);
        Map<String, String> before = hashes(earlier);
        // The CUBA example for 1000 s on two Java threads: minutes of simulation before anything is written.
        ObjectNode cuba = (ObjectNode) ExperimentReader.MAPPER.readTree(Path.of("examples/cuba.json").toFile());
        cuba.put("duration", "1000 s").put("backend", "java").put("threads", 2);
        Path f = tmp.resolve("cuba-long.json");
        Files.writeString(f, cuba.toString());
        Process p = spinel("run", f.toString(), "--out", out.toString(), "--no-progress");
        await(p, () -> workerThreadsRunning(p), "simulating");
        Thread.sleep(300);
        int code = stop(p, signal);
        assertStoppedAndNothingPublished(signal, code, out, out.resolve("cuba"), earlier, before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalDuringTheExportOfASimulationRemovesItsWorkingDirectory(String signal) throws Exception {
        Path out = tmp.resolve("out");
        Path earlier = earlierRun(out);
        Map<String, String> before = hashes(earlier);
        // The CUBA example for 20 s: a few seconds of simulation, then ~10 s (on an idle machine) writing 20 MB of
        // CSV, NPY, HDF5 and plots; the working directory appears when the export starts.
        ObjectNode cuba = (ObjectNode) ExperimentReader.MAPPER.readTree(Path.of("examples/cuba.json").toFile());
        cuba.put("duration", "20 s").put("backend", "java");
        Path f = tmp.resolve("cuba-export.json");
        Files.writeString(f, cuba.toString());
        Process p = spinel("run", f.toString(), "--out", out.toString(), "--no-progress");
        Path parent = out.resolve("cuba");
        await(p, () -> {
            try {
                return workingDirectories(parent).size() == 1;
            } catch (Exception e) {
                return false;
            }
        }, "exporting");
        Thread.sleep(200);
        int code = stop(p, signal);
        assertTrue(childErr().contains("removed the unfinished run's"), childErr());
        assertStoppedAndNothingPublished(signal, code, out, parent, earlier, before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalWhileTheRunWritesRemovesItsWorkingDirectory(String signal) throws Exception {
        Path out = tmp.resolve("out");
        Path earlier = earlierRun(out);
        Map<String, String> before = hashes(earlier);
        Path f = doc("slow", "{\"type\": \"test-slow-write\", \"files\": 5000}", "");
        Process p = spinel("run", f.toString(), "--out", out.toString(), "--no-progress");
        Path parent = out.resolve("slow");
        await(p, () -> {
            try {
                List<Path> w = workingDirectories(parent);
                return w.size() == 1 && fileCount(w.get(0)) >= 20;
            } catch (Exception e) {
                return false;
            }
        }, "writing");
        List<Path> work = workingDirectories(parent);
        int code = stop(p, signal);
        assertTrue(childErr().contains("removed the unfinished run's " + work.get(0)), childErr());
        assertStoppedAndNothingPublished(signal, code, out, parent, earlier, before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalDuringASweepKeepsFinishedPointsAndRemovesTheRunningOne(String signal) throws Exception {
        Path out = tmp.resolve("out");
        Path earlier = earlierRun(out);
        Map<String, String> before = hashes(earlier);
        Path f = doc("sweep", "{\"type\": \"test-slow-write\", \"files\": 5}", ", \"sweep\": {\"grid\": [{\"path\": "
                + "\"/protocol/files\", \"values\": [5, 5000]}], \"parallel\": 1}");
        Process p = spinel("sweep", f.toString(), "--out", out.toString(), "--no-progress");
        Path root = out.resolve("sweep");
        await(p, () -> {
            try {
                List<Path> w = workingDirectories(root);
                return w.size() == 1 && fileCount(w.get(0)) >= 20;
            } catch (Exception e) {
                return false;
            }
        }, "writing the second point");
        int code = stop(p, signal);
        assertNotEquals(0, code);
        assertEquals(signal.equals("TERM") ? 143 : 130, code, childErr());
        assertEquals(List.of(), workingDirectories(out), childErr());
        Path sweepDir;
        try (Stream<Path> s = Files.list(root)) {
            sweepDir = s.filter(d -> d.getFileName().toString().startsWith("sweep-")).findFirst().orElseThrow();
        }
        var rows = org.spinel.experiments.sweep.SweepIndex.read(sweepDir.resolve("index.csv"));
        assertEquals(1, rows.size(), "the finished point only");
        assertEquals("ok", rows.get(0).get("status"));
        assertTrue(Files.exists(sweepDir.resolve(rows.get(0).get("run_dir")).resolve("manifest.json")));
        assertEquals(before, hashes(earlier), "the earlier run is byte-identical");
    }

    @Test
    void theLauncherExecsTheJvmAndASigintReachesItEvenWhenStartedWithSigintIgnored() throws Exception {
        // The real launcher script, beside a jar and class path list newer than any source (so it builds nothing):
        // the class path list is this test's, so the launcher runs the real CLI with the test protocols.
        Path home = Files.createDirectories(tmp.resolve("launcher"));
        Path script = home.resolve("spinel");
        Files.copy(Path.of("..", "spinel"), script);
        script.toFile().setExecutable(true);
        Path target = Files.createDirectories(home.resolve("experiments/target"));
        Files.writeString(target.resolve("classpath.txt"), System.getProperty("java.class.path"));
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(
                target.resolve("spinel-experiments-0.1.0-SNAPSHOT.jar")))) {
            jar.putNextEntry(new java.util.zip.ZipEntry("empty/"));
        }
        Path out = tmp.resolve("out");
        Path earlier = earlierRun(out);
        Map<String, String> before = hashes(earlier);
        Path f = doc("slow", "{\"type\": \"test-slow-write\", \"files\": 5000}", "");
        // Started as a script starts a background job: SIGINT ignored (trap "" INT), then exec of the launcher.
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "trap '' INT; exec \"$0\" \"$@\"", script.toString(),
                "run", f.toString(), "--out", out.toString(), "--no-progress")
                .redirectError(tmp.resolve("child.err").toFile()).redirectOutput(tmp.resolve("child.out").toFile());
        pb.environment().put("SPINEL_JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1");
        Process p = pb.start();
        Path parent = out.resolve("slow");
        await(p, () -> {
            try {
                List<Path> w = workingDirectories(parent);
                return w.size() == 1 && fileCount(w.get(0)) >= 20;
            } catch (Exception e) {
                return false;
            }
        }, "writing");
        assertEquals("java", Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).trim(),
                "the launcher's process is the JVM (exec)");
        int code = stop(p, "INT");
        assertEquals(130, code, childErr());
        assertEquals(List.of(), workingDirectories(out), childErr());
        assertEquals(before, hashes(earlier), "the earlier run is byte-identical");
        // A build the launcher starts first runs in the background with traps, so that a signal then stops it too.
        String text = Files.readString(script);
        assertTrue(text.contains("trap 'kill -TERM $BUILD") && text.contains("wait $BUILD"), "the build is interruptible");
    }

    // ---------------------------------------------------------------- stale working directories

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static Path workDir(Path parent, String name, String owner) throws Exception {
        Path d = Files.createDirectories(parent.resolve(name));
        if (owner != null) {
            Files.writeString(d.resolve(RunDirectory.OWNER), owner);
        }
        return d;
    }

    @Test
    void theNextRunRemovesStaleTemporaryDirectoriesAndNamesStoppedRunsWithTheResumeHint() throws Exception {
        Path out = tmp.resolve("out");
        Path parent = out.resolve("echo");
        String here = "host " + RunDirectory.host() + "\n";
        String dead = here + "pid " + deadPid() + "\nstart 2020-01-01T00:00:00Z\n";
        Path staleTmp = workDir(parent, ".tmp-20200101-000000-aaaa", dead);
        Files.writeString(staleTmp.resolve("half.csv"), "t,i\n1,");
        Path stopped = workDir(parent, ".incomplete-20200101-000000-bbbb", dead);
        Files.writeString(stopped.resolve("checkpoint.h5"), "state");
        Path emptyStopped = workDir(parent, ".incomplete-20200101-000000-cccc", dead);
        ProcessHandle me = ProcessHandle.current();
        Path live = workDir(parent, ".tmp-20200101-000000-dddd", here + "pid " + me.pid() + "\nstart "
                + me.info().startInstant().map(Object::toString).orElse("unknown") + "\n");
        Path reused = workDir(parent, ".tmp-20200101-000000-eeee", here + "pid " + me.pid()
                + "\nstart 2020-01-01T00:00:00Z\n");
        Path ownerless = workDir(parent, ".tmp-20200101-000000-ffff", null);
        Path elsewhere = workDir(parent, ".tmp-20200101-000000-gggg", "host another-" + RunDirectory.host()
                + "\npid " + deadPid() + "\nstart 2020-01-01T00:00:00Z\n");

        Object[] r = cli("run", doc("echo", "{\"type\": \"test-echo\", \"count\": 2}", "").toString(), "--out",
                out.toString(), "--no-progress");
        String err = (String) r[1];
        assertEquals(0, r[0], err);
        assertFalse(Files.exists(staleTmp), err);
        assertTrue(err.contains("removed " + staleTmp), err);
        assertFalse(Files.exists(emptyStopped), "a stopped run with nothing to continue is removed");
        assertFalse(Files.exists(reused), "a process id reused by another process (other start time) is stale");
        assertTrue(Files.exists(stopped.resolve("checkpoint.h5")), "a stopped run's checkpoint is kept");
        assertTrue(err.contains(stopped + " is a stopped run: continue it with --resume " + stopped), err);
        assertTrue(Files.exists(live), "a directory whose owner runs is in use");
        assertTrue(Files.exists(ownerless), "a directory without an owner file is not judged");
        assertTrue(Files.exists(elsewhere), "another machine's run (a shared folder) is not judged");
        // The published run has no owner file, and its manifest does not list one.
        try (Stream<Path> s = Files.list(parent)) {
            Path run = s.filter(d -> !d.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
            assertFalse(Files.exists(run.resolve(RunDirectory.OWNER)));
            assertFalse(Files.readString(run.resolve("manifest.json")).contains(RunDirectory.OWNER));
        }
    }

    // ---------------------------------------------------------------- disk full

    @ParameterizedTest
    @ValueSource(strings = {"file-system", "png", "unchecked"})
    void aFullDiskFailsWithTheNoSpaceMessageAndLeavesNothing(String shape) throws Exception {
        Path out = tmp.resolve("out");
        Object[] r = cli("run", doc("full", "{\"type\": \"test-no-space\", \"shape\": \"" + shape + "\"}", "")
                .toString(), "--out", out.toString(), "--no-progress");
        String err = (String) r[1];
        assertEquals(1, r[0], err);
        String expected = "spinel: run failed: no space left on device writing " + out.resolve("full");
        assertTrue(err.startsWith(expected), err);
        if (shape.equals("file-system")) {
            assertTrue(err.contains("raster.png"), "the file being written: " + err);
        }
        assertEquals(1, err.lines().count(), err);
        assertFalse(Files.exists(out.resolve("full")), "nothing is left: " + err);
    }

    @Test
    void aRunOnAFullTmpfsFailsWithTheNoSpaceMessageAndLeavesNothing() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("small"));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        boolean mounted = m.waitFor(30, TimeUnit.SECONDS) && m.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "no tmpfs mount here (not root, or no CAP_SYS_ADMIN): the simulated write "
                + "failures above cover the mapping");
        try {
            Path earlier = earlierRun(mnt);
            Map<String, String> before = hashes(earlier);
            // CUBA for 1 s: its CSV exports and plots need far more than the 256 KiB the file system has.
            Object[] r = cli("run", "examples/cuba.json", "--out", mnt.toString(), "--no-progress");
            String err = (String) r[1];
            assertEquals(1, r[0], err);
            assertTrue(err.startsWith("spinel: run failed: no space left on device writing " + mnt.resolve("cuba")),
                    err);
            assertFalse(Files.exists(mnt.resolve("cuba")), "nothing is left: " + err);
            assertEquals(before, hashes(earlier), "the earlier run is byte-identical");
            // A sweep of it: the points fail for want of space, and so does the sweep, with the same message.
            ObjectNode sweep = (ObjectNode) ExperimentReader.MAPPER.readTree(Path.of("examples/cuba.json").toFile());
            sweep.putObject("sweep").putArray("seeds").add(1).add(2);
            Path f = tmp.resolve("cuba-sweep.json");
            Files.writeString(f, sweep.toString());
            r = cli("sweep", f.toString(), "--out", mnt.toString(), "--no-progress");
            err = (String) r[1];
            assertEquals(1, r[0], err);
            assertTrue(err.contains("no space left on device writing " + mnt.resolve("cuba")), err);
            assertFalse(err.contains("internal error"), err);
            assertEquals(List.of(), workingDirectories(mnt), err);
            assertEquals(before, hashes(earlier), "the earlier run is byte-identical");
        } finally {
            new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
