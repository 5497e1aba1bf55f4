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
 * @param existing true when the finding was already in the baseline ({@code --baseline}): decided once, by the
 *                engine's acceptance step, before any report or the exit code sees the result
 * @param scope   for a result about something every workload depends on (a detector, an SCP): the workloads it
 *                decides about when only some of them (GD011 with the automated agent off concerns the workloads
 *                that rely on it, not those tagged {@code GuardDutyManaged=true}); empty means all of them
 * @param paths   for the network rules (GD001-GD004): the path of each workload the verdict is about, with the hops
 *                this rule decides marked; empty for other rules
 */
public record RuleResult(String ruleId, Verdict verdict, Severity severity, Subject subject, String message,
                         String reason, List<RelatedLocation> related, Waiver waiver, boolean existing,
                         List<ResourceKey> scope, List<NetworkPath> paths) {
    public RuleResult {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        related = List.copyOf(related);
        scope = scope == null ? List.of() : List.copyOf(scope);
        paths = paths == null ? List.of() : List.copyOf(paths);
        if (verdict == Verdict.UNKNOWN && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException(ruleId + ": an UNKNOWN verdict must say why");
        }
    }

    public RuleResult(String ruleId, Verdict verdict, Severity severity, Subject subject, String message,
                      String reason, List<RelatedLocation> related, Waiver waiver) {
        this(ruleId, verdict, severity, subject, message, reason, related, waiver, false, List.of(), List.of());
    }

    /** The same result, deciding only about these workloads (see {@code scope}). */
    public RuleResult withScope(List<ResourceKey> workloads) {
        return new RuleResult(ruleId, verdict, severity, subject, message, reason, related, waiver, existing, workloads, paths);
    }

    /** The same result with the network paths it decides about (see {@code paths}). */
    public RuleResult withPaths(List<NetworkPath> decided) {
        return new RuleResult(ruleId, verdict, severity, subject, message, reason, related, waiver, existing, scope, decided);
    }

    public RuleResult withRelated(List<RelatedLocation> locations) {
        return new RuleResult(ruleId, verdict, severity, subject, message, reason, locations, waiver, existing, scope, paths);
    }

    public RuleResult withSeverity(Severity s) {
        return new RuleResult(ruleId, verdict, s, subject, message, reason, related, waiver, existing, scope, paths);
    }

    public RuleResult withWaiver(Waiver w) {
        return new RuleResult(ruleId, verdict, severity, subject, message, reason, related, w, existing, scope, paths);
    }

    public RuleResult withVerdict(Verdict v, String newMessage) {
        return new RuleResult(ruleId, v, severity, subject, newMessage, reason, related, waiver, existing, scope, paths);
    }

    /** The same result marked as already in the baseline (or not). */
    public RuleResult withExisting(boolean inBaseline) {
        return new RuleResult(ruleId, verdict, severity, subject, message, reason, related, waiver, inBaseline, scope, paths);
    }

    public boolean waived() {
        return waiver != null;
    }

    /** FAIL or UNKNOWN: what acceptance decides about. */
    public boolean finding() {
        return verdict == Verdict.FAIL || verdict == Verdict.UNKNOWN;
    }

    /** How a finding stands: waived, existing (in the baseline) or new; null for passes and not-applicable results. */
    public Standing standing() {
        if (!finding()) {
            return null;
        }
        return waived() ? Standing.WAIVED : existing ? Standing.EXISTING : Standing.NEW;
    }

    /** A finding someone has to look at: neither waived nor in the baseline. */
    public boolean open() {
        return standing() == Standing.NEW;
    }
}
