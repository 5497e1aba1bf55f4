package dev.preflight.coverage;

import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Subject;

import java.util.List;
import java.util.Objects;

/**
 * The predicted console status of one workload, with the console's issue type when unhealthy
 * ("No Agent Reporting", "Agent Not Provisioned", "VPC Endpoint Creation Failed"), the results that decide it,
 * and the number of instances it stands for in GuardDuty's statistic (see {@link InstanceCount}).
 * {@code findings} are the results behind {@code decidingRules}, in the same order (the exclusion tag's GD007
 * result for an excluded workload); empty when the coverage was read back from a JSON report.
 */
public record WorkloadCoverage(Subject workload, ConsoleStatus status, String issueType, String explanation,
                               List<String> decidingRules, InstanceCount instances, List<RuleResult> findings) {
    public WorkloadCoverage {
        decidingRules = List.copyOf(decidingRules);
        Objects.requireNonNull(instances, "instances");
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** Without the deciding results (a prediction read back from a JSON report). */
    public WorkloadCoverage(Subject workload, ConsoleStatus status, String issueType, String explanation,
                            List<String> decidingRules, InstanceCount instances) {
        this(workload, status, issueType, explanation, decidingRules, instances, List.of());
    }
}
