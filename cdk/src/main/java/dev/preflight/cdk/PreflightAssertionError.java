package dev.preflight.cdk;

import dev.preflight.rule.RuleResult;

import java.util.List;

/**
 * A Preflight assertion that did not hold. An {@link AssertionError}, so JUnit, TestNG and IDEs show it as a test
 * failure (not an error); the message lists the offending results with construct paths and locations.
 */
public final class PreflightAssertionError extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final transient List<RuleResult> results;

    PreflightAssertionError(String message, List<RuleResult> results) {
        super(message);
        this.results = List.copyOf(results);
    }

    /** The results the message is about (the failures, or the results that did not match). */
    public List<RuleResult> results() {
        return results;
    }
}
