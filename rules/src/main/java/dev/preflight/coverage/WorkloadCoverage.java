package dev.preflight.coverage;

import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Subject;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The predicted console status of one workload, with the console's issue type when unhealthy
 * ("No Agent Reporting", "Agent Not Provisioned", "VPC Endpoint Creation Failed"), the results that decide it,
 * and the number of instances it stands for in GuardDuty's statistic (see {@link InstanceCount}).
 * {@code findings} are the results behind {@code decidingRules}, in the same order (the exclusion tag's GD007
 * result for an excluded workload); empty when the coverage was read back from a JSON report.
 * {@code findingIssues}: the console issue type each deciding rule's failure leads to for this workload (a rule's
 * effect can depend on the workload: GD001 where GuardDuty reuses the customer's endpoint).
 */
public record WorkloadCoverage(Subject workload, ConsoleStatus status, String issueType, String explanation,
                               List<String> decidingRules, InstanceCount instances, List<RuleResult> findings,
                               Map<String, String> findingIssues) {
    public WorkloadCoverage {
        decidingRules = List.copyOf(decidingRules);
        Objects.requireNonNull(instances, "instances");
        findings = findings == null ? List.of() : List.copyOf(findings);
        findingIssues = findingIssues == null ? Map.of() : Map.copyOf(findingIssues);
    }

    public WorkloadCoverage(Subject workload, ConsoleStatus status, String issueType, String explanation,
                            List<String> decidingRules, InstanceCount instances, List<RuleResult> findings) {
        this(workload, status, issueType, explanation, decidingRules, instances, findings, Map.of());
    }

    /** The console issue type a failure of this deciding rule leads to for this workload, or null. */
    public String issueOf(String ruleId) {
        return findingIssues.get(ruleId);
    }

    /** Without the deciding results (a prediction read back from a JSON report). */
    public WorkloadCoverage(Subject workload, ConsoleStatus status, String issueType, String explanation,
                            List<String> decidingRules, InstanceCount instances) {
        this(workload, status, issueType, explanation, decidingRules, instances, List.of());
    }
}
