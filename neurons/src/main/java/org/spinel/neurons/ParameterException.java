package org.spinel.neurons;

/**
 * Thrown when a model, topology, projection or run parameter is outside its allowed range.
 * The message always names the item, the value found and what was expected.
 */
public class ParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message names the item, the value and the allowed range */
    public ParameterException(String message) {
        super(message);
    }
}
