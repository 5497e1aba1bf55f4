package dev.preflight.cli;

import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Verdict;

import java.util.List;
import java.util.Locale;

/**
 * When results fail the run. {@code error}: a new (neither waived nor in the baseline) FAIL or UNKNOWN at severity error; {@code warning}: at
 * warning or error; {@code unknown}: like warning, and every UNKNOWN whatever its severity; {@code never}: results
 * never fail the run (input errors still exit 2).
 */
enum FailOn {
    ERROR, WARNING, UNKNOWN, NEVER;

    static FailOn parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fail-on takes error, warning, unknown or never, not '" + s + "'");
        }
    }

    boolean fails(RuleResult r) {
        if (this == NEVER || !r.open()) {
            return false; // waived and existing (baseline) findings were decided by the engine's acceptance step
        }
        if (this == UNKNOWN && r.verdict() == Verdict.UNKNOWN) {
            return true;
        }
        Severity threshold = this == ERROR ? Severity.ERROR : Severity.WARNING;
        return r.severity().atLeast(threshold);
    }

    boolean failsAny(List<RuleResult> results) {
        return results.stream().anyMatch(this::fails);
    }
}
