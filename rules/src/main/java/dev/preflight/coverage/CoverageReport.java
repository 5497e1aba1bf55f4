package dev.preflight.coverage;

import java.util.List;

/**
 * Predicted coverage: per-workload status and the statistic the way GuardDuty computes it,
 * healthy workloads / all workloads x 100 (excluded and unknown workloads are in the denominator, as the
 * console counts every instance). {@code percent} is null when there are no workloads.
 */
public record CoverageReport(List<WorkloadCoverage> workloads, int healthy, int unhealthy, int excluded, int unknown,
                             Double percent, List<String> assumptions) {
    public CoverageReport {
        workloads = List.copyOf(workloads);
        assumptions = List.copyOf(assumptions);
    }

    public static CoverageReport of(List<WorkloadCoverage> workloads, List<String> assumptions) {
        int h = 0, u = 0, e = 0, k = 0;
        for (WorkloadCoverage w : workloads) {
            switch (w.status()) {
                case HEALTHY -> h++;
                case UNHEALTHY -> u++;
                case EXCLUDED -> e++;
                case UNKNOWN -> k++;
            }
        }
        Double pct = workloads.isEmpty() ? null : Math.round(h * 1000.0 / workloads.size()) / 10.0;
        return new CoverageReport(workloads, h, u, e, k, pct, assumptions);
    }

    public int total() {
        return workloads.size();
    }
}
