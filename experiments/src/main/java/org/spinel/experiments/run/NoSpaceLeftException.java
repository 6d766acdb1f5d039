package org.spinel.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

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

    /** {@code ex} as a no-space failure if one of its causes is ENOSPC, else null. */
    static NoSpaceLeftException of(Throwable ex, Path work) {
        boolean full = false;
        String file = null;
        for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof NoSpaceLeftException n) {
                return n;
            }
            String m = t instanceof FileSystemException f ? f.getReason() : t.getMessage();
            if (m != null && m.contains(ENOSPC)) {
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
        return new NoSpaceLeftException(file != null ? file : work != null ? work.toString() : "the run directory", ex);
    }

    /** Rethrows {@code ex} as a no-space failure when it is one, else as it is. */
    static void rethrow(Throwable ex, Path work) throws IOException {
        NoSpaceLeftException n = ex instanceof IOException || ex instanceof UncheckedIOException ? of(ex, work) : null;
        if (n != null) {
            throw n;
        }
    }
}
