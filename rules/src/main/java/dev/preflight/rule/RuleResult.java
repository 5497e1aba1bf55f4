package dev.preflight.rule;

import dev.preflight.model.ResourceKey;

import java.util.List;
import java.util.Objects;

/**
 * One rule x subject evaluation. Passes are results too: auditors need the evidence of what was checked.
 *
 * @param reason  for UNKNOWN: which value is missing and where it would come from; otherwise null
 * @param related other locations that explain the verdict
 * @param waiver  the waiver that applies, or null
 * @param scope   for a result about something every workload depends on (a detector, an SCP): the workloads it
 *                decides about when only some of them (GD011 with the automated agent off concerns the workloads
 *                that rely on it, not those tagged {@code GuardDutyManaged=true}); empty means all of them
 */
public record RuleResult(String ruleId, Verdict verdict, Severity severity, Subject subject, String message,
                         String reason, List<RelatedLocation> related, Waiver waiver, List<ResourceKey> scope) {
    public RuleResult {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        related = List.copyOf(related);
        scope = scope == null ? List.of() : List.copyOf(scope);
        if (verdict == Verdict.UNKNOWN && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException(ruleId + ": an UNKNOWN verdict must say why");
        }
    }

    public RuleResult(String ruleId, Verdict verdict, Severity severity, Subject subject, String message,
                      String reason, List<RelatedLocation> related, Waiver waiver) {
        this(ruleId, verdict, severity, subject, message, reason, related, waiver, List.of());
    }

    /** The same result, deciding only about these workloads (see {@code scope}). */
    public RuleResult withScope(List<ResourceKey> workloads) {
        return new RuleResult(ruleId, verdict, severity, subject, message, reason, related, waiver, workloads);
    }

    public RuleResult withSeverity(Severity s) {
        return new RuleResult(ruleId, verdict, s, subject, message, reason, related, waiver, scope);
    }

    public RuleResult withWaiver(Waiver w) {
        return new RuleResult(ruleId, verdict, severity, subject, message, reason, related, w, scope);
    }

    public RuleResult withVerdict(Verdict v, String newMessage) {
        return new RuleResult(ruleId, v, severity, subject, newMessage, reason, related, waiver, scope);
    }

    public boolean waived() {
        return waiver != null;
    }
}
