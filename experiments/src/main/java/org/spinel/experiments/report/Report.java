package org.spinel.experiments.report;

/**
 * One document under {@code docs/} whose tables and quoted figures are rendered from committed run files (the
 * markers are described in {@link ReportRenderer}).
 */
public interface Report {
    /** The name {@code spinel report NAME} takes. */
    String name();

    /** The document's path relative to the repository root. */
    String document();

    /**
     * The named values and tables, computed from the run files (paths relative to the document's directory).
     *
     * @throws ReportException when a run file, row or field is missing
     */
    ReportContent content(RunFiles files);
}
