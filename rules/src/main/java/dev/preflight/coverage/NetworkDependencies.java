package dev.preflight.coverage;

import dev.preflight.infra.Workload;
import dev.preflight.infra.network.NetworkView;
import dev.preflight.infra.network.Scenario;
import dev.preflight.infra.network.VpcEndpoint;
import dev.preflight.infra.network.VpcRef;
import dev.preflight.model.ResourceKey;
import dev.preflight.rule.RuleContext;

import java.util.HashSet;
import java.util.Set;

/**
 * The VPC and data endpoints a workload depends on: their GD001/GD005/GD006 results decide its status too.
 * Read under the all-true scenario: for the status prediction a rough mapping is enough, the rules themselves
 * explore the conditions.
 */
final class NetworkDependencies {
    private NetworkDependencies() {
    }

    static Set<ResourceKey> of(RuleContext context, Workload w) {
        NetworkView net = context.view(NetworkView.class, NetworkView::build);
        Scenario s = Scenario.allTrue();
        VpcRef vpc = net.vpcOf(w, s);
        Set<ResourceKey> keys = new HashSet<>();
        if (vpc.vpc() != null) {
            keys.add(vpc.vpc().resource().key());
        }
        for (VpcEndpoint e : net.endpoints()) {
            if (!net.isDataEndpoint(e, s).no()
                    && net.vpc(e.vpcId(), s, e.resource().input()).identity().equals(vpc.identity())) {
                keys.add(e.resource().key());
            }
        }
        return keys;
    }
}
