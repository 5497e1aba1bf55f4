package dev.preflight.coverage;

import dev.preflight.infra.Workload;
import dev.preflight.infra.network.NetworkView;
import dev.preflight.rule.Scenario;
import dev.preflight.infra.network.VpcEndpoint;
import dev.preflight.infra.network.VpcRef;
import dev.preflight.model.ResourceKey;
import dev.preflight.rule.RuleContext;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The VPC and data endpoints a workload depends on: their GD001/GD005/GD006 results decide its status too.
 * Read under the all-true scenario: for the status prediction a rough mapping is enough, the rules themselves
 * explore the conditions.
 */
final class NetworkDependencies {
    private final NetworkView net;
    private final Scenario scenario = Scenario.allTrue();
    // data endpoints by the identity of their VPC, built once per run: a scan of every endpoint per workload
    // was quadratic (most of a 10,000-resource run's time)
    private final Map<String, Set<ResourceKey>> dataEndpointsByVpc = new HashMap<>();

    private NetworkDependencies(NetworkView net) {
        this.net = net;
        for (VpcEndpoint e : net.endpoints()) {
            if (!net.isDataEndpoint(e, scenario).no()) {
                dataEndpointsByVpc.computeIfAbsent(net.vpc(e.vpcId(), scenario, e.resource().input()).identity(),
                        k -> new HashSet<>()).add(e.resource().key());
            }
        }
    }

    static NetworkDependencies of(RuleContext context) {
        return new NetworkDependencies(context.view(NetworkView.class, NetworkView::build));
    }

    Set<ResourceKey> of(Workload w) {
        VpcRef vpc = net.vpcOf(w, scenario);
        Set<ResourceKey> keys = new HashSet<>();
        if (vpc.vpc() != null) {
            keys.add(vpc.vpc().resource().key());
        }
        keys.addAll(dataEndpointsByVpc.getOrDefault(vpc.identity(), Set.of()));
        return keys;
    }
}
