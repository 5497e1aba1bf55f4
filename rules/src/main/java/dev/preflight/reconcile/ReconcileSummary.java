package dev.preflight.reconcile;

/**
 * The figures of a reconciliation.
 *
 * @param instances         EC2 instances of the coverage list (and the event)
 * @param fromCode          those made by the code of the run
 * @param consoleHealthy    healthy instances of the coverage list
 * @param consoleHealthyFromCode healthy instances among those made by the code
 * @param predictedHealthy  instances made by the code predicted Healthy (the same instances)
 * @param predictedUnhealthy, predictedExcluded, predictedUnknown the other predictions for them
 * @param healthyRight      console Healthy instances predicted Healthy, of {@code healthyFromCode}
 * @param unhealthyRight    console Unhealthy instances predicted Unhealthy or Excluded
 * @param issueRight        console Unhealthy instances whose predicted issue type is the console's
 * @param unhealthyFromCode console Unhealthy instances made by the code
 * @param unhealthyExplained console Unhealthy instances explained by a finding of the code
 * @param outsideCheck      coverage resources of other types (EKS clusters, ECS/Fargate clusters)
 */
public record ReconcileSummary(int instances, int fromCode, int consoleHealthy, int consoleHealthyFromCode,
                               int predictedHealthy, int predictedUnhealthy, int predictedExcluded,
                               int predictedUnknown, int healthyRight, int unhealthyRight, int issueRight,
                               int unhealthyFromCode, int unhealthyExplained, int outsideCheck, int notInConsole) {
    public int notFromCode() {
        return instances - fromCode;
    }

    public int healthyFromCode() {
        return consoleHealthyFromCode;
    }

    public int right() {
        return healthyRight + unhealthyRight;
    }

    /** healthy / all x 100 rounded to one decimal, or null without instances. */
    public static Double percent(int healthy, int total) {
        return total == 0 ? null : Math.round(healthy * 1000.0 / total) / 10.0;
    }
}
