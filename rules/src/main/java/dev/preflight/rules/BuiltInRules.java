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
                new DataEndpointPrivateDnsRule(),
                new EndpointPolicyAllowsTelemetryRule(),
                new ScpAllowsTelemetryRule(),
                new DetectorRuntimeMonitoringRule(),
                new CoverageChangesWatchedRule()
        );
    }
}
