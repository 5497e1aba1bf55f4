package dev.preflight.rules;

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
                new GD007ExclusionTagsIntentional(),
                new ScpAllowsTelemetryRule(),
                new GD009ImdsReachable(),
                new GD010SsmManaged(),
                new DetectorRuntimeMonitoringRule(),
                new GD012SupportedOperatingSystem(),
                new CoverageChangesWatchedRule(),
                new GD014ExclusionTagReadable()
        );
    }
}
