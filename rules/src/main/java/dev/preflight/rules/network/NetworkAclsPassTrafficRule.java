package dev.preflight.rules.network;

import dev.preflight.rule.ConditionalVerdicts;
import dev.preflight.infra.Workload;
import dev.preflight.infra.network.Cidr;
import dev.preflight.infra.network.Decision;
import dev.preflight.infra.network.Lookup;
import dev.preflight.infra.network.NetworkAcls;
import dev.preflight.infra.network.NetworkView;
import dev.preflight.infra.network.Party;
import dev.preflight.rule.Scenario;
import dev.preflight.infra.network.Subnet;
import dev.preflight.infra.network.VpcEndpoint;
import dev.preflight.infra.network.VpcRef;
import dev.preflight.model.Value;
import dev.preflight.rule.NetworkPath;
import dev.preflight.rule.NetworkPath.Kind;
import dev.preflight.rule.NetworkPath.Status;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.ConsoleEffect;
import dev.preflight.rule.ConsoleEffect.Stage;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * GD004: network ACLs pass the agent's traffic. ACLs are stateless, so four checks per pair of workload subnet and
 * endpoint subnet: outbound TCP 443 and inbound return ports 1024-65535 on the workload's subnet ACL; inbound TCP
 * 443 and outbound return ports on the endpoint's subnet ACL. With no data endpoint in the inputs GuardDuty picks
 * the endpoint's subnets, so only the workload side is checked, towards the whole VPC CIDR (and the message says
 * so). Subnets without an association use the VPC's default ACL, which allows all traffic.
 */
public final class NetworkAclsPassTrafficRule implements Rule {
    static final RuleMetadata METADATA = RuleMetadata.rule("GD004")
            .title("Network ACLs pass the traffic")
            .severity(Severity.ERROR)
            .unhealthy(Stage.TELEMETRY, ConsoleEffect.NO_AGENT_REPORTING, null)
            .tags("network", "nacl")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring-agent-connectivity.html")
            .build();

    private static final int HTTPS = 443;
    private static final int EPHEMERAL_LOW = 1024;
    private static final int EPHEMERAL_HIGH = 65535;

    private final Function<RuleContext, List<Workload>> workloads;

    public NetworkAclsPassTrafficRule() {
        this(WorkloadSource::of);
    }

    public NetworkAclsPassTrafficRule(Function<RuleContext, List<Workload>> workloads) {
        this.workloads = workloads;
    }

    @Override
    public RuleMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<RuleResult> evaluate(RuleContext ctx) {
        NetworkView net = ctx.view(NetworkView.class, NetworkView::build);
        List<RuleResult> out = new ArrayList<>();
        for (Workload w : workloads.apply(ctx)) {
            out.add(ConditionalVerdicts.worst(METADATA, Subject.of(w.resource()), s -> check(net, w, s)));
        }
        return out;
    }

    /** One side of the path: a subnet with its ACL and its addresses. */
    private record Side(String name, NetworkAcls.Applied acl, Party.Place place) {
    }

    /** The findings of one evaluation, worst first wins. */
    private static final class Findings {
        String fail;
        String unknown;
        final Set<String> evidence = new LinkedHashSet<>();
        final List<RelatedLocation> related = new ArrayList<>();
        final List<NetworkPath> paths = new ArrayList<>();
        PathHops hops;

        /** {@code kind}: the side's ACL hop (the workload's or the endpoint's), marked by the decision. */
        void add(Decision d, Side side, Kind kind) {
            hops.mark(kind, side.acl().name(), d.yes() ? Status.OK : d.no() ? Status.FAILS : Status.UNKNOWN,
                    d.explanation());
            hops.mark(kind == Kind.NETWORK_ACL ? Kind.SUBNET : Kind.ENDPOINT_SUBNET, side.name(), Status.OK, null);
            if (d.no() && fail == null) {
                fail = d.explanation();
            } else if (d.unknown() && unknown == null) {
                unknown = d.explanation();
            } else if (d.yes()) {
                evidence.add(side.name() + ": " + d.explanation());
            }
            if (side.acl().acl() != null && related.stream().noneMatch(r -> r.resource().equals(side.acl().acl().id()))) {
                related.add(RelatedLocation.of(side.acl().acl(), "network ACL of " + side.name()));
            }
        }
    }

    private static RuleResult check(NetworkView net, Workload w, Scenario s) {
        Subject subject = Subject.of(w.resource());
        if (!s.exists(w.resource())) {
            return METADATA.notApplicable(subject, w.id() + " is not created");
        }
        EndpointPath path = EndpointPath.of(net, w, s);
        VpcRef vpc = path.vpc();
        List<Side> workloadSides = new ArrayList<>();
        for (Value sv : w.subnets()) {
            for (Value item : s.items(sv)) {
                Lookup<Subnet> sub = net.subnet(item, s);
                if (!sub.found()) {
                    if (net.acls().onlyDefaultIn(vpc)) {
                        // Unknown subnet, but no custom ACL of the inputs can apply anywhere in its VPC.
                        workloadSides.add(new Side("the subnet of " + w.id(), new NetworkAcls.Applied(null, true,
                                null, "the default network ACL of " + vpc.display()),
                                net.somewhereIn(vpc, "an unknown subnet", sub.missing(), s)));
                        continue;
                    }
                    return PathHops.of(net, w, path, path.endpoints().isEmpty() ? null : path.endpoints().get(0), s)
                            .mark(Kind.SUBNET, "a subnet not in the inputs (" + item.display() + ")", Status.UNKNOWN,
                                    sub.missing())
                            .with(METADATA.unknown(subject, "cannot tell which network ACL applies to " + w.id(),
                                    sub.missing(), NetworkFindings.related(w, List.of())));
                }
                workloadSides.add(side(net, sub.value(), vpc, s));
            }
        }
        if (workloadSides.isEmpty()) {
            return PathHops.of(net, w, path, null, s).on(METADATA.unknown(subject, "cannot tell which network ACL "
                    + "applies to " + w.id(), w.id() + " names no subnet, so it launches in the default VPC, which no "
                    + "input defines", NetworkFindings.related(w, List.of())), Kind.SUBNET, null);
        }
        if (path.undecided() != null) {
            return PathHops.of(net, w, path, null, s).on(METADATA.unknown(subject, "cannot tell which endpoint the "
                    + "agent of " + w.id() + " uses", path.undecided(), NetworkFindings.related(w, List.of())),
                    Kind.ENDPOINT_NETWORK_ACL, null);
        }
        Findings f = new Findings();
        String scope;
        if (path.endpoints().isEmpty()) {
            Lookup<List<Cidr>> cidrs = net.vpcCidrs(vpc, s);
            Party.Place endpointPlace = cidrs.found()
                    ? Party.Place.exact("GuardDuty's endpoint in " + vpc.display(), cidrs.value())
                    : Party.Place.unknown("GuardDuty's endpoint", cidrs.missing());
            f.hops = PathHops.of(net, w, path, null, s);
            for (Side ws : workloadSides) {
                workloadSide(net, f, ws, endpointPlace, s);
            }
            f.paths.add(f.hops.path());
            scope = " (GuardDuty chooses the subnets of its own endpoint, so only the workload side is checked, "
                    + "towards the whole VPC CIDR)";
        } else {
            for (VpcEndpoint e : path.endpoints()) {
                f.hops = PathHops.of(net, w, path, e, s);
                List<Side> endpointSides = new ArrayList<>();
                VpcRef evpc = net.vpc(e.vpcId(), s, e.resource().input());
                for (Lookup<Subnet> es : net.subnetsOf(e, s)) {
                    if (!es.found()) {
                        f.hops.mark(Kind.ENDPOINT_SUBNET, "a subnet not in the inputs", Status.UNKNOWN, es.missing());
                        f.add(Decision.unknown(es.missing()), new Side(e.id(), new NetworkAcls.Applied(null, false,
                                es.missing(), e.id()), Party.Place.unknown(e.id(), es.missing())),
                                Kind.ENDPOINT_NETWORK_ACL);
                        continue;
                    }
                    endpointSides.add(side(net, es.value(), evpc, s));
                }
                if (endpointSides.isEmpty() && f.unknown == null) {
                    f.unknown = "endpoint " + e.id() + " names no subnet";
                }
                for (Side ws : workloadSides) {
                    for (Side es : endpointSides) {
                        workloadSide(net, f, ws, es.place(), s);
                        NetworkAcls acls = net.acls();
                        f.add(acls.allows(es.acl(), false, HTTPS, HTTPS, ws.place(), s), es, Kind.ENDPOINT_NETWORK_ACL);
                        f.add(acls.allows(es.acl(), true, EPHEMERAL_LOW, EPHEMERAL_HIGH, ws.place(), s), es,
                                Kind.ENDPOINT_NETWORK_ACL);
                    }
                }
                f.paths.add(f.hops.path());
            }
            scope = "";
        }
        RelatedLocation[] related = NetworkFindings.related(w, f.related);
        if (f.fail != null) {
            return METADATA.fail(subject, "the network ACLs block the agent of " + w.id() + ": " + f.fail + scope,
                    related).withPaths(f.paths);
        }
        if (f.unknown != null) {
            return METADATA.unknown(subject, "cannot tell whether the network ACLs pass the agent traffic of " + w.id()
                    + scope, f.unknown, related).withPaths(f.paths);
        }
        return METADATA.pass(subject, "the network ACLs pass TCP 443 and the return ports 1024-65535 for " + w.id()
                + ": " + String.join("; ", f.evidence) + scope, related).withPaths(f.paths);
    }

    private static void workloadSide(NetworkView net, Findings f, Side ws, Party.Place endpoint, Scenario s) {
        NetworkAcls acls = net.acls();
        f.add(acls.allows(ws.acl(), true, HTTPS, HTTPS, endpoint, s), ws, Kind.NETWORK_ACL);
        f.add(acls.allows(ws.acl(), false, EPHEMERAL_LOW, EPHEMERAL_HIGH, endpoint, s), ws, Kind.NETWORK_ACL);
    }

    private static Side side(NetworkView net, Subnet sub, VpcRef vpc, Scenario s) {
        NetworkAcls.Applied acl = net.acls().of(sub, vpc, s);
        return new Side(sub.id(), acl, net.place(sub, vpc, s));
    }
}
