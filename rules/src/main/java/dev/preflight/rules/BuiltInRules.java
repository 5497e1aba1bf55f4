package dev.preflight.rules;

import dev.preflight.rules.network.VpcDnsAttributesRule;
import dev.preflight.rules.network.DataEndpointAdmitsWorkloadRule;
import dev.preflight.rules.network.WorkloadEgressToEndpointRule;
import dev.preflight.rules.network.NetworkAclsPassTrafficRule;
import dev.preflight.rules.network.DataEndpointPrivateDnsRule;
import dev.preflight.rules.workload.ExclusionTagsIntentionalRule;
import dev.preflight.rules.workload.ImdsReachableRule;
import dev.preflight.rules.workload.SsmManagedRule;
import dev.preflight.rules.workload.SupportedOperatingSystemRule;
import dev.preflight.rules.workload.ExclusionTagReadableRule;
import dev.preflight.rules.policy.EndpointPolicyAllowsTelemetryRule;
import dev.preflight.rules.policy.ScpAllowsTelemetryRule;
import dev.preflight.rules.guardduty.DetectorRuntimeMonitoringRule;
import dev.preflight.rules.guardduty.CoverageChangesWatchedRule;
import dev.preflight.rule.Rule;

import java.util.List;

/** The built-in rule pack, in id order. Ids are stable: never reuse or renumber one. */
public final class BuiltInRules {
    private BuiltInRules() {
    }

    public static List<Rule> all() {
        return List.of(
                new VpcDnsAttributesRule(),
                new DataEndpointAdmitsWorkloadRule(),
                new WorkloadEgressToEndpointRule(),
                new NetworkAclsPassTrafficRule(),
                new DataEndpointPrivateDnsRule(),
                new EndpointPolicyAllowsTelemetryRule(),
                new ExclusionTagsIntentionalRule(),
                new ScpAllowsTelemetryRule(),
                new ImdsReachableRule(),
                new SsmManagedRule(),
                new DetectorRuntimeMonitoringRule(),
                new SupportedOperatingSystemRule(),
                new CoverageChangesWatchedRule(),
                new ExclusionTagReadableRule()
        );
    }
}
