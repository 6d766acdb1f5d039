package org.spinel.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;

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
 */
public final class RunDirectory {
    /** Prefix of the working directory of a run of a protocol that resumes (kept when the run stops). */
    public static final String INCOMPLETE = org.spinel.experiments.protocol.RunContext.INCOMPLETE;
    /** Prefix of the working directory of a run of any other protocol. */
    public static final String TEMPORARY = ".tmp-";
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

    /** Renames the working directory to its id, atomically; returns the published directory. */
    public Path publish() throws IOException {
        Path dir = parent.resolve(id);
        Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir;
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
