package org.spinel.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;

/**
 * OpenCL drivers must not take the JVM's signal handlers ({@link SignalChaining}): after OpenCL use, integer division
 * by zero in JIT-compiled code still throws; a JVM without {@code libjsig} loads no OpenCL library and says why; and
 * OpenCL runs with fresh kernel builds followed by multi-threaded Java runs under garbage collection do not kill the
 * JVM (the intermittent exit 139 of the CI).
 */
class OpenClSignalChainingTest {
    private static void requireOpenCl() {
        boolean have = OpenClDevice.probe().chosen() != null;
        if ("1".equals(System.getenv("SPINEL_REQUIRE_OPENCL"))) {
            assertTrue(have, "SPINEL_REQUIRE_OPENCL=1 but no OpenCL device: " + OpenClDevice.probe().reason());
        }
        assumeTrue(have, "no OpenCL device: " + OpenClDevice.probe().reason());
    }

    private static int divide(int a, int b) {
        return a / b;
    }

    /** PoCL's SIGFPE handler, when it replaced the JVM's, skipped these divisions: 1788 of 2000 threw, the sum was off. */
    @Test
    void integerDivisionByZeroStillThrowsInCompiledCodeAfterOpenClUse() {
        requireOpenCl();
        try (Simulation s = new OpenClBackend().compile(SignalChainingChild.network(), SimulationOptions.threads(1))) {
            s.runSteps(20);
        }
        long thrown = 0;
        long sum = 0;
        for (int i = 0; i < 2_000_000; i++) { // long enough for C1 and C2 to compile divide() with an implicit check
            try {
                sum += divide(i, i % 1000 == 0 ? 0 : 1);
            } catch (ArithmeticException e) {
                thrown++;
            }
        }
        assertEquals(2000, thrown, "divisions by zero that threw");
        assertEquals(1_999_999L * 2_000_000L / 2 - 1000L * (1999L * 2000L / 2), sum, "sum of the other quotients");
    }

    private static List<String> child(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                SignalChainingChild.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("LD_PRELOAD");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child still running");
        List<String> lines = new ArrayList<>(out.lines().toList());
        lines.add("exit=" + p.exitValue());
        return lines;
    }

    @Test
    void aJvmWithoutSignalChainingLoadsNoOpenClAndSaysWhatToPreload() throws Exception {
        assumeTrue(SignalChaining.applies(), "no /proc/self/maps: the check does not apply here");
        List<String> out = child(Map.of(), "probe");
        assertTrue(out.contains("exit=0"), String.join("\n", out));
        assertTrue(out.contains("chosen=false"), String.join("\n", out));
        assertTrue(out.contains("loaded=false"), "no OpenCL library may be mapped: " + String.join("\n", out));
        assertTrue(out.stream().anyMatch(l -> l.startsWith("reason=") && l.contains("LD_PRELOAD=")
                && l.contains("libjsig.so")), String.join("\n", out));
    }

    /**
     * Fresh kernel builds (LLVM installs its handlers) each followed by two Java threads meeting a garbage collection
     * in compiled loops: without signal chaining the child died with SIGSEGV (exit 139) in 10 of 12 runs of 15 rounds
     * here (PoCL 3.1, LLVM 15); with it, every round must finish.
     */
    @Test
    void openClKernelBuildsFollowedByThreadedJavaRunsUnderGcDoNotKillTheJvm() throws Exception {
        requireOpenCl();
        assumeTrue(SignalChaining.applies(), "no /proc/self/maps: the check does not apply here");
        Map<String, String> env = Map.of("LD_PRELOAD", SignalChaining.library().toString());
        List<String> out = child(env, "stress", "15");
        assertTrue(out.contains("exit=0"), String.join("\n", out));
        assertEquals(15, out.stream().filter(l -> l.startsWith("round ") && l.endsWith(" ok true")).count(), String.join("\n", out));
    }
}
