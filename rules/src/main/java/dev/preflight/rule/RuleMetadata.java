package dev.preflight.rule;

import java.util.List;
import java.util.Objects;

/**
 * Everything said about a rule, written once: it drives {@code preflight rules}, {@code preflight explain},
 * the generated {@code docs/rules/GDnnn.md} pages and every report format.
 *
 * @param coverageIssue the GuardDuty console coverage issue the rule prevents ("No Agent Reporting", ...)
 */
public record RuleMetadata(String id, String title, Severity defaultSeverity, String rationale,
                           String fixCloudFormation, String fixCdk, String fixTerraform, String coverageIssue,
                           String documentationUrl, List<String> tags) {
    public RuleMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(defaultSeverity, "defaultSeverity");
        tags = List.copyOf(tags);
    }

    public RuleResult pass(Subject subject, String message, RelatedLocation... related) {
        return new RuleResult(id, Verdict.PASS, defaultSeverity, subject, message, null, List.of(related), null);
    }

    public RuleResult fail(Subject subject, String message, RelatedLocation... related) {
        return fail(subject, defaultSeverity, message, related);
    }

    /** A failure at a severity other than the default (GD007 near misses are warnings). */
    public RuleResult fail(Subject subject, Severity severity, String message, RelatedLocation... related) {
        return new RuleResult(id, Verdict.FAIL, severity, subject, message, null, List.of(related), null);
    }

    /** {@code reason}: the missing value and its origin ("parameter VpcId has no value or default"). */
    public RuleResult unknown(Subject subject, String message, String reason, RelatedLocation... related) {
        return new RuleResult(id, Verdict.UNKNOWN, defaultSeverity, subject, message, reason, List.of(related), null);
    }

    public RuleResult notApplicable(Subject subject, String message) {
        return new RuleResult(id, Verdict.NOT_APPLICABLE, defaultSeverity, subject, message, null, List.of(), null);
    }
}
