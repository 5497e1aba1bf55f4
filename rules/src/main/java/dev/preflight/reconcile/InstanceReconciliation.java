package dev.preflight.reconcile;

import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Subject;

import java.util.List;

/**
 * One instance: what the console shows beside what the code predicts.
 *
 * @param console     the coverage resource (or the event's resource), or null when the list does not show it
 * @param issue       the console's issue, parsed
 * @param workload    the workload of the code that makes the instance, or null
 * @param link        how the instance was linked to the workload ("tag aws:cloudformation:logical-id=AppGroup ..."),
 *                    or why it was not
 * @param predictedStatus {@code Healthy}, {@code Unhealthy}, {@code Excluded} or {@code Unknown}; null without a workload
 * @param findings    the results that decide the prediction, those that explain the console's issue first
 * @param explainedBy the rule ids of the findings that explain the console's Unhealthy status (same issue type)
 * @param unseen      what Preflight could not see that can cause the console's status, when the code does not
 *                    explain it
 */
public record InstanceReconciliation(String instanceId, ConsoleResource console, ConsoleIssue issue,
                                     Subject workload, String link, String predictedStatus, String predictedIssue,
                                     String predictedExplanation, List<RuleResult> findings, List<String> explainedBy,
                                     Agreement agreement, List<Unseen> unseen) {
    public InstanceReconciliation {
        findings = List.copyOf(findings);
        explainedBy = List.copyOf(explainedBy);
        unseen = List.copyOf(unseen);
    }

    public String consoleStatus() {
        return console == null ? null : console.statusLabel();
    }

    /** The rule ids of the deciding findings, in order, once each. */
    public List<String> rules() {
        return findings.stream().map(RuleResult::ruleId).distinct().toList();
    }

    public boolean consoleUnhealthy() {
        return console != null && !console.healthy();
    }
}
