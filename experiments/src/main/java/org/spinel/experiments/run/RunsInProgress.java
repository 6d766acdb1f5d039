package org.spinel.experiments.run;

import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The working directories of the runs in progress in this JVM, and the shutdown path that cleans them up when the
 * JVM is stopped by a signal (SIGINT, SIGTERM: {@link Runtime#addShutdownHook}): the hook marks the process as
 * stopping (from then on no run reserves a directory or publishes one), then removes every registered working
 * directory, except one that its run keeps ({@code keepOnFailure()}: a checkpoint that {@code --resume} continues),
 * which it names with the hint. The thread that was writing into a removed directory is not stopped (the JVM halts
 * after the hooks); since a writer may recreate a directory it was filling ({@code createDirectories} of a
 * subdirectory), the hook puts an empty file in the directory's place for a moment (a tombstone: writes and
 * directory creations there fail, and the run gives up), then removes it. A directory that a halt still leaves
 * (SIGKILL, a hook cut short) is stale and removed by the next run into the same folder
 * ({@link RunDirectory#cleanStale}).
 */
final class RunsInProgress {
    private static final Object LOCK = new Object();
    private static final Map<RunDirectory, BooleanSupplier> ACTIVE = new LinkedHashMap<>();
    private static boolean stopping;
    private static boolean hooked;

    private RunsInProgress() {
    }

    /** Registers {@code dir} (its run keeps it on a stop when {@code keep} says so). */
    static void add(RunDirectory dir, BooleanSupplier keep) throws InterruptedIOException {
        synchronized (LOCK) {
            if (stopping) {
                throw new InterruptedIOException("run interrupted (the process is stopping)");
            }
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(RunsInProgress::stop, "spinel-stop"));
                hooked = true;
            }
            ACTIVE.put(dir, keep);
        }
    }

    /** Unregisters {@code dir} (published, discarded or kept by a run that ended). */
    static void remove(RunDirectory dir) {
        synchronized (LOCK) {
            ACTIVE.remove(dir);
        }
    }

    /**
     * Runs {@code publish} unless the process is stopping (then throws): a directory is either published before
     * the hook runs, or removed by it, never both.
     */
    static void publishing(RunDirectory dir, IoAction publish) throws java.io.IOException {
        synchronized (LOCK) {
            if (stopping) {
                throw new InterruptedIOException("run interrupted (the process is stopping)");
            }
            publish.run();
            ACTIVE.remove(dir);
        }
    }

    /** An I/O step run under the registry's lock. */
    interface IoAction {
        void run() throws java.io.IOException;
    }

    /** Whether the process is stopping (a signal's shutdown hook has started). */
    static boolean stopping() {
        synchronized (LOCK) {
            return stopping;
        }
    }

    private static void stop() {
        List<Map.Entry<RunDirectory, BooleanSupplier>> dirs;
        synchronized (LOCK) {
            stopping = true;
            dirs = new ArrayList<>(ACTIVE.entrySet());
        }
        List<Path> tombstones = new ArrayList<>();
        for (Map.Entry<RunDirectory, BooleanSupplier> e : dirs) {
            Path work = e.getKey().work();
            if (e.getValue().getAsBoolean()) {
                System.err.println("spinel: stopped; continue the run with --resume " + work);
                continue;
            }
            if (replaceWithTombstone(work, 3000)) {
                tombstones.add(work);
            }
            System.err.println("spinel: stopped; removed the unfinished run's " + work);
        }
        if (!tombstones.isEmpty()) {
            try {
                Thread.sleep(200); // writers still running fail on the tombstones meanwhile, and give up
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            for (Path t : tombstones) {
                try {
                    Files.deleteIfExists(t);
                } catch (java.io.IOException ex) {
                    // a directory again: a writer that did not give up; the next run's cleanup sees no owner file
                    RunDirectory.deleteTree(t);
                }
            }
        }
        System.err.flush();
    }

    /**
     * Removes the directory {@code dir} and puts an empty regular file in its place (a tombstone), so that a writer
     * still filling it can neither write into it nor recreate it ({@code Files.createDirectories} fails on a file);
     * retried while a writer recreates the directory between the removal and the tombstone, for at most
     * {@code maxMs}. Whether the tombstone is in place.
     */
    static boolean replaceWithTombstone(Path dir, long maxMs) {
        long end = System.nanoTime() + maxMs * 1_000_000;
        do {
            RunDirectory.deleteTree(dir);
            try {
                Files.createFile(dir);
                return true;
            } catch (java.io.IOException ex) {
                Thread.onSpinWait(); // recreated meanwhile: remove it again
            }
        } while (System.nanoTime() < end);
        RunDirectory.deleteTree(dir);
        return false;
    }
}
