package dev.preflight.coverage;

import java.util.List;

/**
 * Predicted coverage: per-workload status and the statistic the way GuardDuty computes it, healthy instances /
 * all instances x 100 (see {@link CoverageStatistic}). {@code healthy}, {@code unhealthy}, {@code excluded} and
 * {@code unknown} count workloads; the statistic counts instances.
 */
public record CoverageReport(List<WorkloadCoverage> workloads, int healthy, int unhealthy, int excluded, int unknown,
                             CoverageStatistic statistic, List<String> assumptions) {
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
        return new CoverageReport(workloads, h, u, e, k, CoverageStatistic.of(workloads), assumptions);
    }

    /** Number of workloads. */
    public int total() {
        return workloads.size();
    }

    /** The statistic when it is one number, else null (see {@link CoverageStatistic#percent()}). */
    public Double percent() {
        return statistic.percent();
    }
}
