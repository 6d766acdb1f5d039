package org.spinel.experiments.datasets;

import java.io.IOException;

/**
 * A file that is not a valid IDX file of unsigned bytes, or is truncated. The message names the file, the byte
 * offset (in the decompressed stream for gzip files) and what was expected there.
 */
public final class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message names the file, the offset and the problem */
    public IdxFormatException(String message) {
        super(message);
    }

    /** @param message names the file, the offset and the problem; {@code cause} is the underlying I/O error */
    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
