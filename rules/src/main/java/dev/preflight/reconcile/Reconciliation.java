package dev.preflight.reconcile;

import java.util.List;

/**
 * The result of reconciling the account's coverage with the code: one entry per instance, the coverage resources
 * outside this check (EKS, ECS/Fargate), the figures, and the problems found in the account files themselves
 * (duplicates, an instance the coverage list has but describe-instances does not) which make the exit code 2.
 */
public record Reconciliation(List<InstanceReconciliation> instances, List<ConsoleResource> outsideCheck,
                             ReconcileSummary summary, List<String> problems) {
    public Reconciliation {
        instances = List.copyOf(instances);
        outsideCheck = List.copyOf(outsideCheck);
        problems = List.copyOf(problems);
    }

    public static Reconciliation empty() {
        return new Reconciliation(List.of(), List.of(), new ReconcileSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                List.of());
    }
}
