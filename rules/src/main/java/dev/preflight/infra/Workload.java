package dev.preflight.infra;

import dev.preflight.model.Resource;
import dev.preflight.model.Value;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Monitored compute: one subject however it is created. An instance, or an Auto Scaling group with its launch
 * template / launch configuration (one workload, desired capacity noted), or an EKS managed node group, in either
 * dialect. Values that designate other resources (security groups, subnets, instance profile) are kept as written
 * (references, physical ids, unknowns or conditionals); the network view resolves them. Where a launch template
 * the workload uses is outside the inputs, the values it would supply are {@link Value.Unknown} naming it.
 *
 * @param resource        the subject: the instance, the Auto Scaling group or the EKS node group
 * @param launchTemplate  the launch template or launch configuration the group (or instance) launches from, or null
 * @param desiredCapacity Auto Scaling group desired (else min) capacity, node group desired size;
 *                        {@link Value.Absent} for an instance or when not set (never null)
 * @param securityGroups  values designating the instances' security groups (launch template network interfaces
 *                        included); empty means the VPC's default security group
 * @param subnets         values designating the subnets (group {@code VPCZoneIdentifier}, instance
 *                        {@code SubnetId}, network interfaces); empty means the default VPC, outside the inputs
 * @param tags            the tags that reach the instance at launch, from every mechanism, in precedence order:
 *                        a later tag with the same key overrides an earlier one (see {@link #tag(String)})
 * @param httpEndpoint    {@code MetadataOptions.HttpEndpoint} / {@code metadata_options.http_endpoint}, or null
 * @param instanceMetadataTags {@code InstanceMetadataTags} / {@code instance_metadata_tags}, or null
 * @param instanceProfile value designating the instance profile (name, ARN or reference), or null
 * @param imageId         AMI id, SSM parameter or reference, or null
 * @param instanceType    instance type (a list for node groups with several), or null
 * @param instanceRole    role given directly instead of a profile (EKS node group {@code NodeRole} /
 *                        {@code node_role_arn}), or null
 * @param amiType         EKS node group {@code AmiType} / {@code ami_type} (the OS when no launch template image is
 *                        given), or null
 */
public record Workload(Resource resource, Kind kind, Resource launchTemplate, Value desiredCapacity,
                       List<Value> securityGroups, List<Value> subnets, List<LaunchTag> tags,
                       Value httpEndpoint, Value instanceMetadataTags, Value instanceProfile, Value imageId,
                       Value instanceType, Value instanceRole, Value amiType) {
    public enum Kind { INSTANCE, AUTO_SCALING_GROUP, EKS_NODE_GROUP, ECS_CAPACITY }

    public Workload {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(kind, "kind");
        desiredCapacity = desiredCapacity == null ? new Value.Absent(resource.location()) : desiredCapacity;
        securityGroups = List.copyOf(securityGroups);
        subnets = List.copyOf(subnets);
        tags = List.copyOf(tags);
    }

    /** The original contract, without the node group fields. */
    public Workload(Resource resource, Kind kind, Resource launchTemplate, Value desiredCapacity,
                    List<Value> securityGroups, List<Value> subnets, List<LaunchTag> tags,
                    Value httpEndpoint, Value instanceMetadataTags, Value instanceProfile, Value imageId,
                    Value instanceType) {
        this(resource, kind, launchTemplate, desiredCapacity, securityGroups, subnets, tags, httpEndpoint,
                instanceMetadataTags, instanceProfile, imageId, instanceType, null, null);
    }

    public String id() {
        return resource.id();
    }

    /**
     * The tag with exactly this key that the instances get at launch, after overrides (instance over launch
     * template, Auto Scaling group over launch template). Its value may be {@link Value.Conditional} when a
     * condition decides which mechanism supplies it; a branch with {@link Value.Absent} means the key is missing
     * in that branch. The carrier is the resource of the highest-precedence tag with this key. Empty when no
     * mechanism writes the key.
     */
    public Optional<LaunchTag> tag(String key) {
        LaunchTag top = null;
        Value effective = null;
        for (LaunchTag t : tags) {
            if (key.equals(t.key())) {
                effective = effective == null ? t.value() : overlay(effective, t.value());
                top = t;
            }
        }
        if (top == null) {
            return Optional.empty();
        }
        return Optional.of(new LaunchTag(top.key(), effective, top.carrier(), top.location(), top.source()));
    }

    /** True when some tag's key itself is unknown (for example a tag list that is a parameter). */
    public boolean hasUnknownTagKeys() {
        return tags.stream().anyMatch(t -> t.key() == null);
    }

    /** Value of an overriding tag laid over the value it overrides; absent branches keep the lower value. */
    private static Value overlay(Value lower, Value upper) {
        if (upper instanceof Value.Absent) {
            return lower;
        }
        if (upper instanceof Value.Conditional c) {
            return new Value.Conditional(c.condition(), overlay(lower, c.whenTrue()), overlay(lower, c.whenFalse()),
                    c.location());
        }
        return upper;
    }
}
