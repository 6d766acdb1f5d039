package org.spinel.experiments.spec;

/**
 * One problem in an experiment description: where (a JSON pointer such as {@code /projections/2/weight}), what was
 * found, and what was expected.
 *
 * @param pointer  JSON pointer of the offending field ("" for the whole document)
 * @param found    the value found, as JSON text (or a short description such as "missing")
 * @param expected what would have been valid
 */
public record ValidationError(String pointer, String found, String expected) {
    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + ": found " + found + ", expected " + expected;
    }
}
