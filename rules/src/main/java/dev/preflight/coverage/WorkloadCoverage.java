package dev.preflight.coverage;

import dev.preflight.rule.Subject;

import java.util.List;

/**
 * The predicted console status of one workload, with the console's issue type when unhealthy
 * ("No Agent Reporting", "Agent Not Provisioned", "VPC Endpoint Creation Failed"), the results that decide it,
 * and the number of instances it stands for (an Auto Scaling group's desired capacity; 1 for an instance).
 */
public record WorkloadCoverage(Subject workload, ConsoleStatus status, String issueType, String explanation,
                               List<String> decidingRules, String instances) {
    public WorkloadCoverage {
        decidingRules = List.copyOf(decidingRules);
    }
}
