package org.spinel.opencl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this JVM may load an OpenCL driver: on Linux only with HotSpot's signal-chaining library {@code libjsig}
 * preloaded ({@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so}).
 *
 * <p>Why: HotSpot handles SIGSEGV, SIGBUS, SIGILL and SIGFPE itself (safepoint polls and implicit null and
 * division checks of JIT-compiled code trap on purpose). PoCL 3.1 installs its own SIGFPE handler when it
 * initialises (it skips the faulting division, so {@code x / 0} in compiled Java code then returns garbage instead of
 * throwing {@link ArithmeticException}), and the LLVM it compiles kernels with installs handlers for SIGSEGV, SIGBUS,
 * SIGILL, SIGUSR2 and more with {@code SA_RESETHAND} ({@code llvm::sys::RemoveFileOnSignal}). The next JVM trap runs
 * LLVM's handler, which resets the signal to its default action before it restores the JVM's handler: a second Java
 * thread trapping in that window (two simulation threads reaching a safepoint poll together) kills the process with
 * SIGSEGV, exit code 139 and no hs_err file. With libjsig preloaded the JVM keeps its handlers and calls the
 * driver's only for traps that are not its own (Oracle, "Signal Chaining", Java SE troubleshooting guide).
 */
public final class SignalChaining {
    private SignalChaining() {
    }

    /** Whether the platform is one where the check applies (Linux: {@code /proc/self/maps} lists the loaded libraries). */
    public static boolean applies() {
        return Files.isReadable(Path.of("/proc/self/maps"));
    }

    /** Whether {@code libjsig} is loaded into this process (always true where the check does not apply). */
    public static boolean active() {
        if (!applies()) {
            return true;
        }
        try {
            return Files.readString(Path.of("/proc/self/maps")).contains("/libjsig.so");
        } catch (IOException e) {
            return false;
        }
    }

    /** The library to preload for this JVM. */
    public static Path library() {
        return Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
    }

    /**
     * Why OpenCL must not be loaded here, or null where it may.
     *
     * @return a message naming the library to preload, or null
     */
    public static String refusal() {
        if (active()) {
            return null;
        }
        return "OpenCL is not loaded into a JVM without signal chaining: OpenCL drivers (PoCL and its LLVM) replace "
                + "the JVM's SIGSEGV/SIGFPE handlers, which kills the JVM at random (exit code 139) or makes integer "
                + "division by zero return garbage; start java with LD_PRELOAD=" + library()
                + " (the spinel launcher and the Maven build do)";
    }
}
