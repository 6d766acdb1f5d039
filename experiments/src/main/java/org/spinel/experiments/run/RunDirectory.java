package org.spinel.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;

/**
 * Writes a run directory atomically: everything goes into a temporary sibling, which is renamed to its final name
 * only when complete, so an interrupted run leaves no half-written result and never touches earlier runs.
 */
public final class RunDirectory {
    /** Fills a directory. */
    @FunctionalInterface
    public interface Writer {
        void write(Path dir) throws IOException;
    }

    private RunDirectory() {
    }

    /** Creates {@code parent/id} with the files {@code writer} puts into it; returns its path. */
    public static Path write(Path parent, String id, Writer writer) throws IOException {
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, ".tmp-" + id);
        try {
            writer.write(tmp);
            Path dir = parent.resolve(id);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    private static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: the temporary directory has a hidden name and is never mistaken for a result
        }
    }
}
