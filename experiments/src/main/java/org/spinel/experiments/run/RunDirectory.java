package org.spinel.experiments.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run directory being written, published atomically: everything goes into a hidden working directory beside it
 * ({@code .tmp-<id>}, or {@code .incomplete-<id>} for a protocol that resumes, whose working directory keeps its
 * checkpoint when the run stops), which is renamed to {@code <id>} only when complete, so an interrupted run leaves
 * no half-written result and never touches earlier runs.
 *
 * <p>Run ids are {@code <UTC timestamp>-<experiment hash>}, with {@code -2}, {@code -3}, ... when that id is taken.
 * An id is reserved by creating its working directory (atomic: of two runs started in the same second, one gets the
 * id and the other the next), after which the id is checked to be unpublished; since only the holder of a working
 * directory publishes its id, two runs never collide, whether in one JVM or in several processes.
 *
 * <p>Each working directory holds an owner file {@value #OWNER} (the machine, process id and start time of the run that
 * writes it; removed before publishing, never listed in a manifest). A working directory whose owner process is
 * gone is stale (a run killed by SIGKILL, a power cut, a halt before the shutdown hook finished): the next run into
 * the same folder removes a stale {@code .tmp-*} directory and names a stale {@code .incomplete-*} one with the
 * {@code --resume} hint (an empty one, which holds nothing to continue, is removed) ({@link #cleanStale}). While a
 * run is in progress its working directory is registered with {@link RunsInProgress}, whose shutdown hook removes it
 * when the process is stopped by SIGINT or SIGTERM.
 */
public final class RunDirectory {
    /** Prefix of the working directory of a run of a protocol that resumes (kept when the run stops). */
    public static final String INCOMPLETE = org.spinel.experiments.protocol.RunContext.INCOMPLETE;
    /** Prefix of the working directory of a run of any other protocol. */
    public static final String TEMPORARY = ".tmp-";
    /**
     * The owner file in a working directory: {@code host <machine>}, {@code pid <pid>} and
     * {@code start <process start time>} lines.
     */
    public static final String OWNER = ".spinel-owner";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path parent;
    private final String id;
    private final Path work;
    private final boolean continued;

    private RunDirectory(Path parent, String id, Path work, boolean continued) {
        this.parent = parent;
        this.id = id;
        this.work = work;
        this.continued = continued;
    }

    /**
     * Reserves a fresh run id under {@code parent} and creates its working directory.
     *
     * @param resumable whether the working directory is an {@link #INCOMPLETE} one (else {@link #TEMPORARY})
     */
    public static RunDirectory reserve(Path parent, Instant start, String hash, boolean resumable) throws IOException {
        Files.createDirectories(parent);
        String base = TS.format(start) + "-" + hash;
        for (int k = 1;; k++) {
            String id = k == 1 ? base : base + "-" + k;
            if (Files.exists(parent.resolve(id))) {
                continue;
            }
            Path work = parent.resolve((resumable ? INCOMPLETE : TEMPORARY) + id);
            try {
                Files.createDirectory(work);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            if (Files.exists(parent.resolve(id))) { // published between the check and the reservation
                Files.delete(work);
                continue;
            }
            try {
                writeOwner(work);
            } catch (IOException | RuntimeException ex) {
                deleteTree(work);
                throw ex;
            }
            return new RunDirectory(parent, id, work, false);
        }
    }

    /**
     * The stopped run that {@code resume} (a directory or a file in it) names, if it is an {@link #INCOMPLETE}
     * working directory under {@code parent}: the run continues in it under its id. Else null.
     */
    public static RunDirectory continued(Path resume, Path parent) {
        if (resume == null) {
            return null;
        }
        Path dir = Files.isDirectory(resume) ? resume : resume.toAbsolutePath().getParent();
        if (dir == null || dir.getFileName() == null || !dir.getFileName().toString().startsWith(INCOMPLETE)) {
            return null;
        }
        try {
            if (Files.isDirectory(parent) && Files.isSameFile(dir.toAbsolutePath().getParent(), parent)) {
                return new RunDirectory(parent, dir.getFileName().toString().substring(INCOMPLETE.length()),
                        parent.resolve(dir.getFileName()), true);
            }
        } catch (IOException ex) {
            return null;
        }
        return null;
    }

    /** The run id (the published directory's name). */
    public String id() {
        return id;
    }

    /** The working directory. */
    public Path work() {
        return work;
    }

    /** Whether this is a stopped run's working directory that the run continues. */
    public boolean continued() {
        return continued;
    }

    /**
     * Renames the working directory to its id, atomically (removing its owner file first); returns the published
     * directory. Refused once the process is stopping (the shutdown hook then removes the directory).
     */
    public Path publish() throws IOException {
        Path dir = parent.resolve(id);
        RunsInProgress.publishing(this, () -> {
            Files.deleteIfExists(work.resolve(OWNER));
            Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
        });
        return dir;
    }

    /** Writes (or, for a continued run, rewrites) the owner file naming this process. */
    static void writeOwner(Path work) throws IOException {
        ProcessHandle me = ProcessHandle.current();
        Files.writeString(work.resolve(OWNER), "host " + host() + "\npid " + me.pid() + "\nstart "
                + me.info().startInstant().map(Object::toString).orElse("unknown") + "\n");
    }

    /** This machine's name (a process id means something only on the machine that runs it: shared folders). */
    static String host() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException ex) {
            String h = System.getenv("HOSTNAME");
            if (h != null && !h.isBlank()) {
                return h.trim();
            }
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown";
            }
        }
    }

    /**
     * Whether the working directory {@code work} is stale: its owner file names a process of this machine that is
     * gone (no process with that id, or one started at another time). A directory without an owner file (a run of
     * an older version, or one that is just being reserved) or owned by another machine is not judged.
     */
    static boolean stale(Path work) {
        List<String> lines;
        try {
            lines = Files.readAllLines(work.resolve(OWNER));
        } catch (IOException ex) {
            return false;
        }
        long pid = -1;
        String start = null;
        String host = null;
        for (String l : lines) {
            if (l.startsWith("host ")) {
                host = l.substring(5).trim();
            } else if (l.startsWith("pid ")) {
                try {
                    pid = Long.parseLong(l.substring(4).trim());
                } catch (NumberFormatException ex) {
                    return false;
                }
            } else if (l.startsWith("start ")) {
                start = l.substring(6).trim();
            }
        }
        if (pid < 0 || host == null || !host.equals(host())) {
            return false; // another machine's run (a shared folder): its process cannot be looked up here
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return true;
        }
        String started = h.get().info().startInstant().map(Object::toString).orElse("unknown");
        return start != null && !start.equals("unknown") && !started.equals("unknown") && !started.equals(start);
    }

    /**
     * Cleans the stale working directories under {@code parent} (see {@link #stale}) but {@code except}: removes a
     * stale {@code .tmp-*} directory and a stale {@code .incomplete-*} one that holds nothing but its owner file,
     * printing one line each on {@code log}; names a stale {@code .incomplete-*} directory with content (a stopped
     * run's checkpoint) with the {@code --resume} hint and leaves it. Returns the lines printed.
     */
    public static List<String> cleanStale(Path parent, Path except, PrintStream log) {
        List<String> said = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(parent)) {
            dirs = s.filter(Files::isDirectory).filter(d -> {
                String n = d.getFileName().toString();
                return n.startsWith(TEMPORARY) || n.startsWith(INCOMPLETE);
            }).sorted().toList();
        } catch (IOException ex) {
            return said;
        }
        for (Path d : dirs) {
            if (except != null && d.getFileName().equals(except.getFileName()) || !stale(d)) {
                continue;
            }
            String line;
            if (d.getFileName().toString().startsWith(INCOMPLETE) && holdsMoreThanOwner(d)) {
                line = "spinel: " + d + " is a stopped run: continue it with --resume " + d + " (or delete it)";
            } else {
                deleteTree(d);
                if (Files.exists(d)) {
                    continue;
                }
                line = "spinel: removed " + d + " (left by a run that was killed)";
            }
            said.add(line);
            if (log != null) {
                log.println(line);
            }
        }
        return said;
    }

    private static boolean holdsMoreThanOwner(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.anyMatch(f -> !f.getFileName().toString().equals(OWNER));
        } catch (IOException ex) {
            return true;
        }
    }

    /** Removes the working directory (best effort: its hidden name is never mistaken for a result). */
    public void discard() {
        deleteTree(work);
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
