package dev.preflight.infra;

import dev.preflight.model.Resource;
import dev.preflight.model.Value;

import java.util.List;
import java.util.Objects;

/**
 * Monitored compute: one subject however it is created. An instance, or an Auto Scaling group with its launch
 * template / launch configuration (one workload, desired capacity noted), in either dialect. Values that
 * designate other resources (security groups, subnets, instance profile) are kept as written (references,
 * physical ids or unknowns); the network view resolves them.
 *
 * @param resource        the subject: the instance or the Auto Scaling group
 * @param launchTemplate  the launch template or launch configuration the group (or instance) launches from, or null
 * @param desiredCapacity Auto Scaling group desired (else min) capacity, or null for an instance
 * @param securityGroups  values designating the instances' security groups (launch template network interfaces
 *                        included); empty means the VPC's default security group
 * @param subnets         values designating the subnets (group {@code VPCZoneIdentifier}, instance
 *                        {@code SubnetId}, network interfaces); empty means the default VPC, outside the inputs
 * @param tags            the tags that reach the instance at launch, from every mechanism
 * @param httpEndpoint    {@code MetadataOptions.HttpEndpoint} / {@code metadata_options.http_endpoint}, or null
 * @param instanceMetadataTags {@code InstanceMetadataTags} / {@code instance_metadata_tags}, or null
 * @param instanceProfile value designating the instance profile (name, ARN or reference), or null
 * @param imageId         AMI id, SSM parameter or reference, or null
 * @param instanceType    instance type, or null
 */
public record Workload(Resource resource, Kind kind, Resource launchTemplate, Value desiredCapacity,
                       List<Value> securityGroups, List<Value> subnets, List<LaunchTag> tags,
                       Value httpEndpoint, Value instanceMetadataTags, Value instanceProfile, Value imageId,
                       Value instanceType) {
    public enum Kind { INSTANCE, AUTO_SCALING_GROUP, EKS_NODE_GROUP, ECS_CAPACITY }

    public Workload {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(kind, "kind");
        securityGroups = List.copyOf(securityGroups);
        subnets = List.copyOf(subnets);
        tags = List.copyOf(tags);
    }

    public String id() {
        return resource.id();
    }
}
