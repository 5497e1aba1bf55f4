package dev.preflight.coverage;

import java.util.ArrayList;
import java.util.List;

/**
 * The coverage statistic GuardDuty shows, predicted: healthy instances / all instances x 100 (prerequisites 7.1).
 * Each workload counts as its {@link InstanceCount}; excluded and unknown instances are in the denominator (the
 * console counts every instance). An Unknown workload may turn out healthy or not, and a group's capacity may be
 * known only as a range: then the statistic is a range ({@link #low()}..{@link #high()}). When it cannot be computed
 * at all, or no workload's status is decided, there is no percentage and {@link #notComputed()} says why (never a
 * "0.0%" that only reflects what is not known).
 *
 * @param instances   all instances, or null when some count cannot be computed; likewise per status
 * @param percent     the statistic when it is one number, else null
 * @param low         the lowest value the statistic may take, or null when it cannot be computed
 * @param high        the highest value, or null when it cannot be computed
 * @param notComputed why there is no percentage, or null when there is one (or a range)
 * @param basis       how the figure was reached, in one sentence (what is counted, which capacities are unknown)
 */
public record CoverageStatistic(Count instances, Count healthy, Count unhealthy, Count excluded, Count unknown,
                                Double percent, Double low, Double high, String notComputed, String basis) {
    static final String FORMULA = "healthy instances / all instances x 100, as GuardDuty counts EC2 coverage";

    /** A number of instances, exact when {@code low == high}. */
    public record Count(int low, int high) {
        public boolean exact() {
            return low == high;
        }

        public String display() {
            return exact() ? Integer.toString(low) : low + ".." + high;
        }

        Count plus(Count o) {
            return new Count(low + o.low, high + o.high);
        }
    }

    public static CoverageStatistic of(List<WorkloadCoverage> workloads) {
        if (workloads.isEmpty()) {
            return new CoverageStatistic(new Count(0, 0), new Count(0, 0), new Count(0, 0), new Count(0, 0),
                    new Count(0, 0), null, null, null, "no EC2 workloads in the inputs", FORMULA);
        }
        Count[] by = new Count[ConsoleStatus.values().length];
        boolean[] computable = new boolean[by.length];
        java.util.Arrays.fill(computable, true);
        for (int i = 0; i < by.length; i++) {
            by[i] = new Count(0, 0);
        }
        List<String> uncomputable = new ArrayList<>();
        List<String> ranges = new ArrayList<>();
        for (WorkloadCoverage w : workloads) {
            InstanceCount n = w.instances();
            int s = w.status().ordinal();
            if (!n.computable()) {
                computable[s] = false;
                uncomputable.add(n.unknown() != null ? n.unknown() : w.workload().id() + ": " + n.basis());
            } else {
                by[s] = by[s].plus(new Count(n.low(), n.high()));
                if (!n.exact()) {
                    ranges.add(w.workload().id() + " counts " + n.display() + " instances ("
                            + (n.unknown() != null ? n.unknown() : n.basis()) + ")");
                }
            }
        }
        Count healthy = count(by, computable, ConsoleStatus.HEALTHY);
        Count unhealthy = count(by, computable, ConsoleStatus.UNHEALTHY);
        Count excluded = count(by, computable, ConsoleStatus.EXCLUDED);
        Count unknown = count(by, computable, ConsoleStatus.UNKNOWN);
        Count total = uncomputable.isEmpty() ? healthy.plus(unhealthy).plus(excluded).plus(unknown) : null;
        boolean decided = workloads.stream().anyMatch(w -> w.status() != ConsoleStatus.UNKNOWN);
        if (!decided) {
            return new CoverageStatistic(total, healthy, unhealthy, excluded, unknown, null, null, null,
                    "no percentage: the status of " + (workloads.size() == 1 ? "the only workload" : "every workload")
                            + " is Unknown", FORMULA);
        }
        if (!uncomputable.isEmpty()) {
            return new CoverageStatistic(null, healthy, unhealthy, excluded, unknown, null, null, null,
                    "cannot be computed: " + String.join("; ", uncomputable), FORMULA);
        }
        if (total.high() == 0) {
            return new CoverageStatistic(total, healthy, unhealthy, excluded, unknown, null, null, null,
                    "no percentage: the workloads stand for no instances", FORMULA);
        }
        // the statistic grows with healthy instances and shrinks with the others; an Unknown instance may turn out
        // either way, so the extremes are: every Unknown unhealthy at the most instances, every Unknown healthy
        Count notHealthy = unhealthy.plus(excluded);
        int lowDenominator = healthy.low() + notHealthy.high() + unknown.high();
        int highNumerator = healthy.high() + unknown.high();
        int highDenominator = highNumerator + notHealthy.low();
        double low = lowDenominator == 0 ? 0.0 : round(healthy.low() * 100.0 / lowDenominator);
        double high = highDenominator == 0 ? low : round(highNumerator * 100.0 / highDenominator);
        if (unknown.high() > 0) {
            ranges.add(unknown.display() + (unknown.exact() && unknown.low() == 1 ? " instance" : " instances")
                    + " of Unknown status may turn out healthy or not");
        }
        String basis = FORMULA + (ranges.isEmpty() ? "" : "; " + String.join("; ", ranges));
        if (low == high && total.exact() && unknown.high() == 0) {
            return new CoverageStatistic(total, healthy, unhealthy, excluded, unknown, low, low, high, null, basis);
        }
        return new CoverageStatistic(total, healthy, unhealthy, excluded, unknown, null, low, high, null, basis);
    }

    private static Count count(Count[] by, boolean[] computable, ConsoleStatus s) {
        return computable[s.ordinal()] ? by[s.ordinal()] : null;
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    /** True when there is a figure: one number or a range. */
    public boolean computed() {
        return low != null;
    }

    /**
     * The statistic in one line, as every report shows it: "75.0% (3 of 4 instances healthy; 1 excluded)",
     * "between 33.3% and 71.4% (3..5 of ...)", or the reason there is none.
     */
    public String statement() {
        return (computed() ? figure() : notComputed) + counts();
    }

    /** "75.0%" or "between 33.3% and 71.4%"; null when there is no figure. */
    public String figure() {
        if (!computed()) {
            return null;
        }
        return percent != null ? percent + "%" : "between " + low + "% and " + high + "%";
    }

    /** " (3 of 4 instances healthy; 1 excluded)"; unknown counts read "?"; empty without workloads. */
    public String counts() {
        if (instances != null && instances.high() == 0 && instances.low() == 0 && healthy != null && healthy.high() == 0
                && notComputed != null && notComputed.startsWith("no EC2")) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" (");
        sb.append(show(healthy)).append(" of ").append(show(instances))
                .append(instances != null && instances.exact() && instances.low() == 1 ? " instance" : " instances")
                .append(" healthy");
        List<String> rest = new ArrayList<>();
        add(rest, unhealthy, "unhealthy");
        add(rest, excluded, "excluded");
        add(rest, unknown, "unknown");
        if (!rest.isEmpty()) {
            sb.append("; ").append(String.join(", ", rest));
        }
        return sb.append(')').toString();
    }

    private static void add(List<String> out, Count c, String what) {
        if (c == null) {
            out.add("? " + what);
        } else if (c.high() > 0) {
            out.add(c.display() + " " + what);
        }
    }

    private static String show(Count c) {
        return c == null ? "?" : c.display();
    }
}
