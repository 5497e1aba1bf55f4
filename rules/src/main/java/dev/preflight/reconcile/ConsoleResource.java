package dev.preflight.reconcile;

import java.util.Objects;

/**
 * One {@code CoverageResource} of a saved {@code aws guardduty list-coverage} page (either the CLI's PascalCase
 * field names or the API's camelCase ones), or the resource of a coverage EventBridge event.
 *
 * @param resourceType   {@code EC2}, {@code ECS} or {@code EKS}
 * @param healthy        {@code coverageStatus} HEALTHY (true) or UNHEALTHY (false)
 * @param issue          the console's {@code issue} text, or null
 * @param instanceId     {@code resourceDetails.ec2InstanceDetails.instanceId} for EC2 resources, else null
 * @param clusterArn     the ECS cluster of an ECS-on-EC2 instance, or null
 * @param managementType {@code AUTO_MANAGED}, {@code MANUAL} (or {@code DISABLED}), or null
 * @param updatedAt      {@code updatedAt} as written (ISO text or epoch seconds), or null
 * @param source         where it was read: {@code file} with the page index, or the event file
 */
public record ConsoleResource(String resourceId, String detectorId, String accountId, String resourceType,
                              boolean healthy, String issue, String instanceId, String instanceType,
                              String clusterArn, String agentVersion, String managementType, String updatedAt,
                              String source) {
    public ConsoleResource {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(source, "source");
    }

    public boolean ec2() {
        return "EC2".equals(resourceType);
    }

    /** The instance id for EC2 resources (the details' id, else the resource id). */
    public String ec2InstanceId() {
        return instanceId != null ? instanceId : resourceId;
    }

    public String statusLabel() {
        return healthy ? "Healthy" : "Unhealthy";
    }
}
