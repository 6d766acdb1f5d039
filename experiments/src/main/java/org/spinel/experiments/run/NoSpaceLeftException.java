package org.spinel.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run that failed because its file system is full (ENOSPC): "no space left on device writing &lt;path&gt;", the
 * file being written where the failure names one ({@link FileSystemException#getFile()}), else the run's working
 * directory. The writers report ENOSPC in different shapes (a {@code FileSystemException}, a bare
 * {@code IOException} from a stream, an {@code IIOException} of the PNG writer wrapping it, an
 * {@code UncheckedIOException}); {@link #of} recognises all of them by the operating system's message.
 */
public final class NoSpaceLeftException extends IOException {
    private static final long serialVersionUID = 1L;
    private static final String ENOSPC = "No space left on device";

    private NoSpaceLeftException(String path, Throwable cause) {
        super("no space left on device writing " + path, cause);
    }

    /**
     * {@code ex} as a no-space failure if it or one of its causes is an {@code IOException} for ENOSPC, else null. Where no cause names the file, the
     * message names {@code work} and, when it is a directory with files, the one written last (the writers write
     * one file at a time, so that is the one that did not fit).
     *
     * @param work the run's working directory, or null where there is none (a sweep's own files)
     */
    public static NoSpaceLeftException of(Throwable ex, Path work) {
        boolean full = false;
        String file = null;
        for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof NoSpaceLeftException n) {
                return n;
            }
            String m = t instanceof FileSystemException f ? f.getReason() : t.getMessage();
            if (t instanceof IOException && m != null && m.contains(ENOSPC)) {
                full = true;
            }
            if (file == null && t instanceof FileSystemException f && f.getFile() != null) {
                file = f.getFile();
            }
            if (t.getCause() == null) {
                break;
            }
        }
        if (!full) {
            return null;
        }
        if (file == null && work != null) {
            file = work + lastWritten(work);
        }
        return new NoSpaceLeftException(file != null ? file : "(the file is not known)", ex);
    }

    /** " (at &lt;file written last, relative&gt;)" for a directory with files, else "". */
    private static String lastWritten(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(RunDirectory.OWNER))
                    .max(Comparator.comparing(NoSpaceLeftException::modified))
                    .map(f -> " (at " + dir.relativize(f) + ")").orElse("");
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
