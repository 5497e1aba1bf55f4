package dev.preflight.reconcile;

/**
 * A saved EventBridge event {@code GuardDuty Runtime Protection Unhealthy} / {@code Healthy}
 * ({@code source: aws.guardduty}), reduced to its EC2 resource: it tells one instance's current status.
 *
 * @param detailType     the event's {@code detail-type}
 * @param previousStatus {@code detail.previousStatus}, or null
 * @param time           {@code detail.lastUpdatedAt}, else the event's {@code time}, or null
 */
public record CoverageEvent(String detailType, String previousStatus, String time, ConsoleResource resource) {
}
