package dev.preflight.rules.network;

import dev.preflight.infra.Workload;
import dev.preflight.infra.network.Decision;
import dev.preflight.infra.network.NetworkView;
import dev.preflight.rule.Scenario;
import dev.preflight.infra.network.VpcEndpoint;
import dev.preflight.infra.network.VpcRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a workload's agent connects in one scenario: the workload's VPC and the GuardDuty data endpoint(s) the
 * inputs put there. {@code endpoints} are the data endpoints in that VPC; {@code undecided} says why some other
 * endpoint might also be one (its service name or its VPC is unknown). With no endpoint and nothing undecided,
 * GuardDuty's automated agent configuration creates its own endpoint in the VPC; a customer endpoint that the
 * inputs define is reused instead (GuardDuty's IaC guidance), so it is checked even under automated configuration.
 */
record EndpointPath(VpcRef vpc, List<VpcEndpoint> endpoints, String undecided) {

    static EndpointPath of(NetworkView net, Workload w, Scenario s) {
        VpcRef vpc = net.vpcOf(w, s);
        List<VpcEndpoint> found = new ArrayList<>();
        String undecided = null;
        for (VpcEndpoint e : net.endpointsIn(vpc)) {
            if (!s.exists(e.resource())) {
                continue;
            }
            if (!net.vpc(e.vpcId(), s, e.resource().input()).identity().equals(vpc.identity())) {
                continue; // another branch of a conditional VpcId
            }
            Decision data = net.isDataEndpoint(e, s);
            if (data.yes()) {
                found.add(e);
            } else if (data.unknown() && undecided == null) {
                undecided = data.explanation();
            }
        }
        if (found.isEmpty() && undecided == null && !vpc.inInputs()) {
            // A VPC the inputs create is referenced by the endpoints placed in it; an endpoint of the same input
            // whose VpcId is unknown may be in a workload's VPC that is itself unknown.
            for (VpcEndpoint e : net.endpointsWithVpcOutsideInputs()) {
                if (!s.exists(e.resource()) || !e.resource().input().equals(w.resource().input())) {
                    continue;
                }
                VpcRef ev = net.vpc(e.vpcId(), s, e.resource().input());
                if (ev.identity().equals(vpc.identity()) || !ev.identity().startsWith("unknown:")) {
                    continue;
                }
                if (!net.isDataEndpoint(e, s).no()) {
                    undecided = "data endpoint " + e.id() + " may be in the VPC of " + w.id() + ": its VpcId is "
                            + ev.outside();
                    break;
                }
            }
        }
        return new EndpointPath(vpc, found, undecided);
    }

    /** True when GuardDuty's own endpoint is the destination: no data endpoint in the inputs for this VPC. */
    boolean managed() {
        return endpoints.isEmpty() && undecided == null;
    }
}
