package dev.preflight.load.terraform.hcl;

import dev.preflight.model.SourceLocation;

/** Invalid HCL: where and what, printed as one line {@code file:line:col: message}. */
public final class HclSyntaxException extends Exception {
    private final SourceLocation location;
    private final String problem;

    public HclSyntaxException(SourceLocation location, String problem) {
        super(location + ": " + problem, null, false, false);
        this.location = location;
        this.problem = problem;
    }

    public SourceLocation location() {
        return location;
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }
}
