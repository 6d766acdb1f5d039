package org.spinel.experiments.spec;

import java.util.List;
import java.util.stream.Collectors;

/** An invalid experiment description, with every problem found (not just the first). */
public final class ExperimentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<ValidationError> errors;

    /** @param errors at least one problem */
    public ExperimentException(List<ValidationError> errors) {
        super(errors.size() + (errors.size() == 1 ? " problem" : " problems") + " in the experiment:\n  "
                + errors.stream().map(ValidationError::toString).collect(Collectors.joining("\n  ")));
        this.errors = List.copyOf(errors);
    }

    /** The problems, in document order. */
    public List<ValidationError> errors() {
        return errors;
    }
}
