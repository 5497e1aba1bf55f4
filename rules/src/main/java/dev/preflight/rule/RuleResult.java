package dev.preflight.rule;

import java.util.List;
import java.util.Objects;

/**
 * One rule x subject evaluation. Passes are results too: auditors need the evidence of what was checked.
 *
 * @param reason  for UNKNOWN: which value is missing and where it would come from; otherwise null
 * @param related other locations that explain the verdict
 * @param waiver  the waiver that applies, or null
 */
public record RuleResult(String ruleId, Verdict verdict, Severity severity, Subject subject, String message,
                         String reason, List<RelatedLocation> related, Waiver waiver) {
    public RuleResult {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        related = List.copyOf(related);
        if (verdict == Verdict.UNKNOWN && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException(ruleId + ": an UNKNOWN verdict must say why");
        }
    }

    public RuleResult withSeverity(Severity s) {
        return new RuleResult(ruleId, verdict, s, subject, message, reason, related, waiver);
    }

    public RuleResult withWaiver(Waiver w) {
        return new RuleResult(ruleId, verdict, severity, subject, message, reason, related, w);
    }

    public RuleResult withVerdict(Verdict v, String newMessage) {
        return new RuleResult(ruleId, v, severity, subject, newMessage, reason, related, waiver);
    }

    public boolean waived() {
        return waiver != null;
    }
}
