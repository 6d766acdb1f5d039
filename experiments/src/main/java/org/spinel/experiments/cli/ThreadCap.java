package org.spinel.experiments.cli;

import java.io.PrintStream;

/**
 * Caps requested worker threads at the processors available to the JVM, with a warning: more threads than cores only
 * wait for each other (at the Java backend's step barrier, or for a core in worker pools), and results are identical
 * for any thread count, so the cap changes the speed, never the results.
 */
final class ThreadCap {
    private ThreadCap() {
    }

    /** The processors available to this JVM. */
    static int available() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * {@code requested}, at most {@link #available()}; warns on {@code err} when it caps.
     *
     * @param what      what set the value, for the warning (e.g. {@code --threads} or {@code /threads})
     * @param requested the requested count (validated elsewhere; counts below 1 pass through unchanged)
     * @param err       where the warning goes
     * @return the count to use
     */
    static int cap(String what, int requested, PrintStream err) {
        int cores = available();
        if (requested <= cores) {
            return requested;
        }
        err.println("spinel: warning: " + what + " = " + requested + " exceeds the " + cores + " available processors; "
                + "using " + cores + " (results are identical for any thread count)");
        return cores;
    }
}
