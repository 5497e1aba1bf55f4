package dev.preflight.coverage;

/** The coverage status the GuardDuty console would show for a workload after deploy. */
public enum ConsoleStatus {
    HEALTHY("Healthy"),
    UNHEALTHY("Unhealthy"),
    EXCLUDED("Excluded"),
    UNKNOWN("Unknown");

    private final String label;

    ConsoleStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
