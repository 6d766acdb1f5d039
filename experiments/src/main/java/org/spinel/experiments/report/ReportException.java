package org.spinel.experiments.report;

/**
 * A report cannot be rendered: a marker names a file, a row, a field or a value that does not exist, a marker is
 * malformed, or the renderer and the document disagree on which values and tables there are. The message names the
 * document (or run file), the marker and what was expected.
 */
public final class ReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, where */
    public ReportException(String message) {
        super(message);
    }

    /** @param message what is wrong, where; @param cause the underlying failure */
    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
