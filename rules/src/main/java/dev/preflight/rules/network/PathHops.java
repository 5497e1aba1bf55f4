package dev.preflight.rules.network;

import dev.preflight.infra.Workload;
import dev.preflight.infra.network.GroupRef;
import dev.preflight.infra.network.Lookup;
import dev.preflight.infra.network.NetworkAcls;
import dev.preflight.infra.network.NetworkView;
import dev.preflight.infra.network.Subnet;
import dev.preflight.infra.network.VpcEndpoint;
import dev.preflight.infra.network.VpcRef;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;
import dev.preflight.rule.NetworkPath;
import dev.preflight.rule.NetworkPath.Hop;
import dev.preflight.rule.NetworkPath.Kind;
import dev.preflight.rule.NetworkPath.Status;
import dev.preflight.rule.Scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The hops of one workload's path to one data endpoint (or to GuardDuty's own endpoint) in a scenario, every hop
 * {@link Status#NOT_CHECKED}, for a network rule to mark the hops it decides. Built the same way by GD001-GD004, so
 * their paths of a workload combine hop for hop.
 */
final class PathHops {
    private final List<Hop> hops = new ArrayList<>();

    private PathHops() {
    }

    /** {@code endpoint} null: GuardDuty's own endpoint (none in the inputs), or an undecided one. */
    static PathHops of(NetworkView net, Workload w, EndpointPath path, VpcEndpoint endpoint, Scenario s) {
        PathHops p = new PathHops();
        VpcRef vpc = path.vpc();
        p.add(Kind.WORKLOAD, w.resource(), w.id(), Status.OK, null);
        for (GroupRef g : net.groupsOf(w, vpc, s)) {
            p.group(Kind.SECURITY_GROUP, g);
        }
        List<Subnet> subnets = new ArrayList<>();
        for (Value sv : w.subnets()) {
            for (Value item : s.items(sv)) {
                Lookup<Subnet> sub = net.subnet(item, s);
                if (sub.found()) {
                    subnets.add(sub.value());
                    p.add(Kind.SUBNET, sub.value().resource(), sub.value().id(), Status.NOT_CHECKED, null);
                } else {
                    p.add(Kind.SUBNET, null, "a subnet not in the inputs (" + item.display() + ")",
                            Status.NOT_CHECKED, sub.missing());
                }
            }
        }
        if (w.subnets().isEmpty()) {
            p.add(Kind.SUBNET, null, "no subnet named: the default VPC", Status.NOT_CHECKED, null);
        }
        for (Subnet sub : subnets) {
            p.acl(Kind.NETWORK_ACL, net.acls().of(sub, vpc, s));
        }
        if (endpoint != null) {
            VpcRef evpc = net.vpc(endpoint.vpcId(), s, endpoint.resource().input());
            List<Subnet> endpointSubnets = new ArrayList<>();
            for (Lookup<Subnet> es : net.subnetsOf(endpoint, s)) {
                if (es.found()) {
                    endpointSubnets.add(es.value());
                    p.add(Kind.ENDPOINT_SUBNET, es.value().resource(), es.value().id(), Status.NOT_CHECKED, null);
                } else {
                    p.add(Kind.ENDPOINT_SUBNET, null, "a subnet not in the inputs", Status.NOT_CHECKED, es.missing());
                }
            }
            for (Subnet sub : endpointSubnets) {
                p.acl(Kind.ENDPOINT_NETWORK_ACL, net.acls().of(sub, evpc, s));
            }
            for (GroupRef g : net.groupsOf(endpoint, s)) {
                p.group(Kind.ENDPOINT_SECURITY_GROUP, g);
            }
            p.add(Kind.ENDPOINT, endpoint.resource(), endpoint.id(), Status.NOT_CHECKED, null);
        } else if (path.undecided() != null) {
            p.add(Kind.ENDPOINT_SECURITY_GROUP, null, "the security groups of that endpoint", Status.NOT_CHECKED, null);
            p.add(Kind.ENDPOINT, null, "a data endpoint the inputs do not decide", Status.NOT_CHECKED,
                    path.undecided());
        } else if (!vpc.inInputs()) {
            p.add(Kind.ENDPOINT_SECURITY_GROUP, null, "the security groups of that endpoint", Status.NOT_CHECKED, null);
            p.add(Kind.ENDPOINT, null, "a data endpoint that may exist in " + vpc.display() + " (not in the inputs)",
                    Status.NOT_CHECKED, vpc.outside());
        } else {
            p.add(Kind.ENDPOINT_SECURITY_GROUP, null, "the security group GuardDuty creates (VPC CIDR on TCP 443)",
                    Status.NOT_CHECKED, null);
            p.add(Kind.ENDPOINT, null, "GuardDuty's endpoint in VPC " + vpc.display() + " (created by GuardDuty, "
                    + "in subnets it chooses)", Status.NOT_CHECKED, null);
        }
        return p;
    }

    private void group(Kind kind, GroupRef g) {
        add(kind, g.group() == null ? null : g.group().resource(), g.display(), Status.NOT_CHECKED, g.missing());
    }

    private void acl(Kind kind, NetworkAcls.Applied a) {
        add(kind, a.acl(), a.name(), Status.NOT_CHECKED, a.unknown());
    }

    private void add(Kind kind, Resource r, String label, Status status, String reason) {
        for (Hop h : hops) {
            if (h.kind() == kind && h.label().equals(label)) {
                return; // two subnets with one ACL: one hop
            }
        }
        hops.add(new Hop(kind, r == null ? null : r.id(), label, r == null ? null : r.location(), status, reason));
    }

    /** Marks every hop of a kind, unless it is already marked worse. */
    PathHops mark(Kind kind, Status status, String reason) {
        return mark(kind, null, status, reason);
    }

    /** Marks the hop of a kind with this label (null: all of that kind), unless it is already marked worse. */
    PathHops mark(Kind kind, String label, Status status, String reason) {
        for (int i = 0; i < hops.size(); i++) {
            Hop h = hops.get(i);
            if (h.kind() == kind && (label == null || h.label().equals(label)) && !h.status().worseThan(status)) {
                hops.set(i, h.with(status, reason == null ? h.reason() : reason));
            }
        }
        return this;
    }

    /** Marks the hops of a kind by a rule's verdict: the rule decides them together (a set of security groups). */
    PathHops mark(Kind kind, dev.preflight.rule.Verdict v, String reason) {
        return mark(kind, status(v), reason);
    }

    static Status status(dev.preflight.rule.Verdict v) {
        return switch (v) {
            case PASS -> Status.OK;
            case FAIL -> Status.FAILS;
            case UNKNOWN -> Status.UNKNOWN;
            case NOT_APPLICABLE -> Status.NOT_CHECKED;
        };
    }

    /** The result with this path, the hops of a kind marked by its verdict (the rule decides them together). */
    dev.preflight.rule.RuleResult on(dev.preflight.rule.RuleResult r, Kind kind, String reason) {
        mark(kind, r.verdict(), reason != null ? reason : r.verdict() == dev.preflight.rule.Verdict.UNKNOWN ? r.reason()
                : null);
        return with(r);
    }

    /** The result with this path as marked so far. */
    dev.preflight.rule.RuleResult with(dev.preflight.rule.RuleResult r) {
        return r.withPaths(List.of(path()));
    }

    NetworkPath path() {
        return new NetworkPath(hops);
    }
}
