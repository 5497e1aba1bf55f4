package dev.preflight.coverage;

import dev.preflight.infra.Workload;
import dev.preflight.model.ResourceKey;
import dev.preflight.rule.RuleContext;

import java.util.Set;

/** The VPC and data endpoint a workload depends on (their GD001/GD005/GD006 results decide its status). */
final class NetworkDependencies {
    private NetworkDependencies() {
    }

    static Set<ResourceKey> of(RuleContext context, Workload w) {
        return Set.of(); // wired to the network view when it lands
    }
}
