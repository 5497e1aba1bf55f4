package dev.preflight.infra.workload;

import dev.preflight.infra.LaunchTag;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * What one resource contributes to the launch of an instance (instance properties, a launch template's data, a
 * launch configuration, an Auto Scaling group's subnets and tags), dialect-neutral. A null field means "not set
 * here", so a lower layer (the launch template) may supply it; see {@link #over(LaunchData)}.
 *
 * @param source the resource read (null for a launch template outside the inputs)
 */
public record LaunchData(Resource source, List<Value> securityGroups, List<Value> subnets, List<LaunchTag> tags,
                         Value httpEndpoint, Value instanceMetadataTags, Value instanceProfile, Value imageId,
                         Value instanceType) {
    public LaunchData {
        securityGroups = securityGroups == null ? null : List.copyOf(securityGroups);
        subnets = subnets == null ? null : List.copyOf(subnets);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * This layer over a lower one: fields set here win (a conditional with an absent branch falls through to the
     * lower value in that branch); tags are the lower layer's followed by this layer's, so later ones override.
     */
    public LaunchData over(LaunchData lower) {
        if (lower == null) {
            return this;
        }
        List<LaunchTag> t = new ArrayList<>(lower.tags);
        t.addAll(tags);
        return new LaunchData(source, securityGroups != null ? securityGroups : lower.securityGroups,
                subnets != null ? subnets : lower.subnets, t,
                overlay(lower.httpEndpoint, httpEndpoint), overlay(lower.instanceMetadataTags, instanceMetadataTags),
                overlay(lower.instanceProfile, instanceProfile), overlay(lower.imageId, imageId),
                overlay(lower.instanceType, instanceType));
    }

    public List<Value> securityGroupsOrEmpty() {
        return securityGroups == null ? List.of() : securityGroups;
    }

    public List<Value> subnetsOrEmpty() {
        return subnets == null ? List.of() : subnets;
    }

    static Value overlay(Value lower, Value upper) {
        if (upper == null) {
            return lower;
        }
        if (upper instanceof Value.Absent) {
            return lower == null ? upper : lower;
        }
        if (upper instanceof Value.Conditional c && lower != null && hasAbsentBranch(c)) {
            return new Value.Conditional(c.condition(), overlay(lower, c.whenTrue()), overlay(lower, c.whenFalse()),
                    c.location());
        }
        return upper;
    }

    private static boolean hasAbsentBranch(Value v) {
        return v.branches().stream().anyMatch(b -> b.value() instanceof Value.Absent);
    }
}
