package dev.preflight.load.terraform.config;

import dev.preflight.model.SourceLocation;

/**
 * An expression that Terraform itself would reject while planning (an index out of range, an attribute an object
 * does not have, a function given the wrong type): what {@code try} and {@code can} catch. Outside them it makes
 * the value unknown with the reason, since the plan would fail there.
 */
final class EvaluationError extends Exception {
    private final SourceLocation location;

    EvaluationError(SourceLocation location, String message) {
        super(message, null, false, false);
        this.location = location;
    }

    SourceLocation location() {
        return location;
    }
}
