package dev.preflight.infra.network;

import dev.preflight.rule.Scenario;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Network ACLs of the inputs and the subnets they apply to, in both dialects. CloudFormation:
 * {@code AWS::EC2::NetworkAcl}, {@code AWS::EC2::NetworkAclEntry}, {@code AWS::EC2::SubnetNetworkAclAssociation}.
 * Terraform: {@code aws_network_acl} (inline {@code ingress}/{@code egress}, {@code subnet_ids}),
 * {@code aws_network_acl_rule}, {@code aws_network_acl_association}, {@code aws_default_network_acl} (which removes
 * every entry not in the configuration).
 *
 * <p>Evaluation is AWS's: entries of one direction in rule-number order, the first entry whose protocol, port
 * range and CIDR match decides, and an implicit deny at the end. A subnet without an association uses its VPC's
 * default ACL, which allows everything unless an {@code aws_default_network_acl} manages it. Traffic is stateless,
 * so callers check the request and the return ports separately.
 */
public final class NetworkAcls {
    private static final Cidr ALL_V4 = Cidr.parse("0.0.0.0/0").orElseThrow();

    private final NetworkView view;
    private final ResourceGraph graph;
    private final Map<ResourceKey, List<Resource>> entries = new HashMap<>();
    /** subnet -> (declaring resource, value designating the ACL). */
    private final Map<ResourceKey, List<Association>> associations = new HashMap<>();
    private final Map<ResourceKey, Resource> defaultAcls = new HashMap<>();
    private final List<Association> floating = new ArrayList<>();
    private final java.util.Set<ResourceKey> vpcsWithAcls = new java.util.HashSet<>();
    private boolean aclWithUnknownVpc;

    record Association(Resource declaredBy, Value subnet, Value acl) {
    }

    /** One ACL entry as written. */
    public record Entry(Resource declaredBy, SourceLocation location, Value ruleNumber, boolean egress,
                        Value protocol, Value action, Value cidr, Value fromPort, Value toPort) {
    }

    /** The ACL a subnet uses in a scenario: a resource, AWS's allow-all default, or unknown. */
    public record Applied(Resource acl, boolean awsDefault, String unknown, String name) {
    }

    NetworkAcls(NetworkView view, ResourceGraph graph) {
        this.view = view;
        this.graph = graph;
        for (Resource r : graph.ofType("AWS::EC2::NetworkAclEntry")) {
            index(entries, r.property("NetworkAclId"), r);
        }
        for (Resource r : graph.ofType("aws_network_acl_rule")) {
            index(entries, r.property("network_acl_id"), r);
        }
        for (Resource r : graph.ofType("AWS::EC2::SubnetNetworkAclAssociation")) {
            associate(r, r.property("SubnetId"), r.property("NetworkAclId"));
        }
        for (Resource r : graph.ofType("aws_network_acl_association")) {
            associate(r, r.property("subnet_id"), r.property("network_acl_id"));
        }
        for (Resource r : graph.ofType("AWS::EC2::NetworkAcl", "aws_network_acl")) {
            List<ResourceKey> vpcs = view.targetsOfAllBranches(r.property(NetworkView.tf(r) ? "vpc_id" : "VpcId"));
            vpcsWithAcls.addAll(vpcs);
            aclWithUnknownVpc |= vpcs.isEmpty();
        }
        for (Resource r : graph.ofType("aws_network_acl", "aws_default_network_acl")) {
            if (r.dataSource()) {
                continue;
            }
            Value self = new Value.Reference(r.key(), "id", new Value.Unknown(
                    dev.preflight.model.UnknownOrigin.AssignedAtDeploy.attribute(r.id(), "id"), r.location()), r.location());
            Value ids = r.property("subnet_ids");
            if (!ids.isAbsent()) {
                for (Value.Branch b : ids.branches()) {
                    for (Value item : b.value().items()) {
                        associate(r, item, self);
                    }
                    if (!(b.value() instanceof Value.Seq) && !b.value().isAbsent()) {
                        floating.add(new Association(r, b.value(), self));
                    }
                }
            }
            if (r.type().equals("aws_default_network_acl")) {
                Value vpcAcl = r.property("default_network_acl_id");
                if (!vpcAcl.isAbsent()) {
                    graph.target(vpcAcl).ifPresent(vpc -> defaultAcls.put(vpc.key(), r));
                }
            }
        }
    }

    private void index(Map<ResourceKey, List<Resource>> into, Value v, Resource r) {
        for (ResourceKey k : view.targetsOfAllBranches(v)) {
            into.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
        }
    }

    private void associate(Resource declaredBy, Value subnet, Value acl) {
        List<ResourceKey> targets = view.targetsOfAllBranches(subnet);
        if (targets.isEmpty()) {
            floating.add(new Association(declaredBy, subnet, acl));
        }
        for (ResourceKey k : targets) {
            associations.computeIfAbsent(k, x -> new ArrayList<>()).add(new Association(declaredBy, subnet, acl));
        }
    }

    /**
     * True when no custom or managed network ACL of the inputs can apply in this VPC of the inputs: then every
     * subnet of it, even one the inputs name only through an unknown value, uses AWS's default ACL.
     */
    public boolean onlyDefaultIn(VpcRef vpc) {
        return vpc.inInputs() && !aclWithUnknownVpc && floating.isEmpty()
                && !vpcsWithAcls.contains(vpc.vpc().resource().key())
                && !defaultAcls.containsKey(vpc.vpc().resource().key());
    }

    /** True when the inputs define no network ACL at all (every subnet of the inputs uses its default ACL). */
    public boolean none() {
        return associations.isEmpty() && floating.isEmpty() && defaultAcls.isEmpty();
    }

    /** The ACL a subnet of the inputs uses in a scenario. */
    public Applied of(Subnet subnet, VpcRef vpc, Scenario s) {
        if (subnet.resource().dataSource()) {
            return new Applied(null, false, "the network ACL of existing subnet " + subnet.id()
                    + " is not in the inputs", subnet.id());
        }
        Applied found = null;
        for (Association a : associations.getOrDefault(subnet.resource().key(), List.of())) {
            if (!s.exists(a.declaredBy())) {
                continue;
            }
            Optional<Resource> target = graph.target(s.pick(a.subnet()));
            if (target.isEmpty() || !target.get().key().equals(subnet.resource().key())) {
                continue;
            }
            Value aclValue = s.pick(a.acl());
            Optional<Resource> acl = aclValue == null ? Optional.empty() : graph.target(aclValue);
            if (acl.isPresent() && NetworkView.ACL_TYPES.contains(acl.get().type())) {
                found = new Applied(acl.get(), false, null, acl.get().id());
            } else {
                found = new Applied(null, false, "the network ACL of subnet " + subnet.id() + " ("
                        + a.declaredBy().id() + ") is " + (aclValue == null ? "absent" : aclValue.display()),
                        a.declaredBy().id());
            }
        }
        if (found != null) {
            return found;
        }
        for (Association a : floating) {
            if (s.exists(a.declaredBy())) {
                return new Applied(null, false, "association " + a.declaredBy().id() + " names an unknown subnet ("
                        + a.subnet().display() + "); it may apply to " + subnet.id(), a.declaredBy().id());
            }
        }
        if (vpc.vpc() != null) {
            Resource managed = defaultAcls.get(vpc.vpc().resource().key());
            if (managed != null && s.exists(managed)) {
                return new Applied(managed, false, null, managed.id());
            }
            if (vpc.inInputs()) {
                return new Applied(null, true, null, "the default network ACL of " + vpc.display());
            }
        }
        return new Applied(null, false, "subnet " + subnet.id() + " has no network ACL association in the inputs, so "
                + "it uses the default network ACL of " + vpc.display() + ", which is not in the inputs",
                "the default network ACL of " + vpc.display());
    }

    /** The entries of one direction of an ACL in a scenario (inline blocks and standalone entries). */
    public List<Entry> entries(Resource acl, boolean egress, Scenario s) {
        List<Entry> out = new ArrayList<>();
        if (NetworkView.tf(acl)) {
            Value blocks = s.pick(acl.property(egress ? "egress" : "ingress"));
            if (!blocks.isAbsent()) {
                for (Value b : s.items(blocks)) {
                    Value cidr = s.get(b, "cidr_block");
                    if (cidr.isAbsent() || cidr.text().map(String::isEmpty).orElse(false)) {
                        cidr = s.get(b, "ipv6_cidr_block");
                    }
                    out.add(new Entry(acl, b.location() != null ? b.location() : acl.location(), s.get(b, "rule_no"),
                            egress, s.get(b, "protocol"), s.get(b, "action"), cidr, s.get(b, "from_port"),
                            s.get(b, "to_port")));
                }
            }
        }
        for (Resource r : entries.getOrDefault(acl.key(), List.of())) {
            if (!s.exists(r)) {
                continue;
            }
            boolean tf = NetworkView.tf(r);
            Value aclValue = s.pick(r.property(tf ? "network_acl_id" : "NetworkAclId"));
            Optional<Resource> target = aclValue.isAbsent() ? Optional.empty() : graph.target(aclValue);
            if (target.isEmpty() || !target.get().key().equals(acl.key())) {
                continue;
            }
            Value eg = s.pick(r.property(tf ? "egress" : "Egress"));
            boolean isEgress = !eg.isAbsent() && eg.bool().orElse(false);
            if (isEgress != egress) {
                continue;
            }
            Value cidr = s.pick(r.property(tf ? "cidr_block" : "CidrBlock"));
            if (cidr.isAbsent()) {
                cidr = s.pick(r.property(tf ? "ipv6_cidr_block" : "Ipv6CidrBlock"));
            }
            Value from = tf ? s.pick(r.property("from_port")) : s.at(r.properties(), "PortRange", "From");
            Value to = tf ? s.pick(r.property("to_port")) : s.at(r.properties(), "PortRange", "To");
            out.add(new Entry(r, r.location(), s.pick(r.property(tf ? "rule_number" : "RuleNumber")), egress,
                    s.pick(r.property(tf ? "protocol" : "Protocol")), s.pick(r.property(tf ? "rule_action" : "RuleAction")),
                    cidr, from, to));
        }
        return out;
    }

    /**
     * Whether the ACL lets TCP traffic on every port of {@code lo..hi} through in one direction, with {@code peer}
     * as the other side (the source of inbound, the destination of outbound traffic).
     */
    public Decision allows(Applied applied, boolean egress, int lo, int hi, Party.Place peer, Scenario s) {
        String what = (egress ? "outbound" : "inbound") + " TCP " + (lo == hi ? Integer.toString(lo) : lo + "-" + hi)
                + (egress ? " to " : " from ") + peerName(peer);
        if (applied.awsDefault()) {
            return Decision.yes(applied.name() + " allows all traffic");
        }
        if (applied.acl() == null) {
            return Decision.unknown(applied.unknown());
        }
        Resource acl = applied.acl();
        Object prepared = view.memo(List.of("acl", acl.key(), egress), s, () -> prepare(acl, egress, s));
        if (prepared instanceof String why) {
            return Decision.unknown(why);
        }
        @SuppressWarnings("unchecked")
        List<Parsed> ordered = (List<Parsed>) prepared;
        List<int[]> remaining = new ArrayList<>(List.of(new int[]{lo, hi}));
        // An entry that may or may not apply: an allow could have let the traffic through (a later deny is then
        // only UNKNOWN), a deny could have stopped it (a later allow is then only UNKNOWN).
        String mayAllow = null;
        String mayDeny = null;
        for (Parsed pe : ordered) {
            Entry e = pe.entry();
            String entryName = "entry " + pe.number() + " of " + acl.id();
            int[] ports = pe.ports();
            if (ports == null) {
                continue; // another protocol
            }
            String act = pe.action();
            if (ports.length == 0 || act == null) {
                Value action = e.action();
                String why = ports.length == 0
                        ? "the protocol or ports of " + entryName + " are unknown"
                        : "the action of " + entryName + " is " + (action == null ? "absent" : action.display());
                mayAllow = mayAllow == null ? why : mayAllow;
                mayDeny = mayDeny == null ? why : mayDeny;
                continue;
            }
            List<int[]> overlap = intersect(remaining, ports[0], ports[1]);
            if (overlap.isEmpty()) {
                continue;
            }
            Decision applies = applies(pe, peer);
            if (applies.no()) {
                continue;
            }
            if (applies.unknown()) {
                String why = entryName + " (" + act + " " + cidrText(e) + ") may apply: " + applies.explanation();
                if (act.equals("deny")) {
                    mayDeny = mayDeny == null ? why : mayDeny;
                } else {
                    mayAllow = mayAllow == null ? why : mayAllow;
                }
                continue;
            }
            if (act.equals("deny")) {
                if (mayAllow != null) {
                    return Decision.unknown(mayAllow);
                }
                return Decision.no(entryName + " denies " + what + " (entry CIDR " + cidrText(e) + ", ports "
                        + describe(overlap) + ")");
            }
            remaining = subtract(remaining, ports[0], ports[1]);
            if (remaining.isEmpty()) {
                return mayDeny != null ? Decision.unknown(mayDeny) : Decision.yes(acl.id() + " allows " + what);
            }
        }
        if (mayAllow != null) {
            return Decision.unknown(mayAllow);
        }
        return Decision.no("network ACL " + acl.id() + " has no entry allowing " + what + " (ports " + describe(remaining)
                + " fall to the implicit deny)");
    }

    /** An entry with its rule number, ports ({@link #ports}) and action read once. */
    private record Parsed(Entry entry, long number, int[] ports, String action, Optional<Cidr> cidr) {
    }

    /** The entries of one direction in rule-number order, or why they cannot be ordered. */
    private Object prepare(Resource acl, boolean egress, Scenario s) {
        List<Parsed> out = new ArrayList<>();
        for (Entry e : entries(acl, egress, s)) {
            Optional<Long> n = e.ruleNumber() == null ? Optional.empty() : e.ruleNumber().integer();
            if (n.isEmpty()) {
                return "the rule number of an entry of network ACL " + acl.id() + " at line " + e.location().line()
                        + " is " + (e.ruleNumber() == null ? "absent" : e.ruleNumber().display());
            }
            Value action = e.action();
            String act = action == null ? null
                    : action.text().map(x -> x.trim().toLowerCase(Locale.ROOT)).orElse(null);
            Value cv = e.cidr();
            out.add(new Parsed(e, n.get(), ports(e, s), act,
                    cv == null ? Optional.empty() : cv.text().flatMap(Cidr::parse)));
        }
        out.sort(Comparator.comparingLong(Parsed::number));
        return List.copyOf(out);
    }

    /** The TCP port range an entry covers; null for another protocol; empty when unknown. */
    private static int[] ports(Entry e, Scenario s) {
        Value pv = e.protocol();
        Optional<String> pt = pv == null ? Optional.empty() : pv.text();
        if (pt.isEmpty()) {
            return new int[0];
        }
        String p = pt.get().trim().toLowerCase(Locale.ROOT);
        if (p.equals("-1") || p.equals("all")) {
            return new int[]{0, 65535};
        }
        if (!p.equals("6") && !p.equals("tcp")) {
            return null;
        }
        Optional<Long> from = e.fromPort() == null ? Optional.empty() : e.fromPort().integer();
        Optional<Long> to = e.toPort() == null ? Optional.empty() : e.toPort().integer();
        if (from.isEmpty() || to.isEmpty()) {
            return new int[0];
        }
        return new int[]{(int) Math.max(0, from.get()), (int) Math.min(65535, to.get())};
    }

    /** Whether the entry's CIDR covers the whole peer (YES), none of it (NO), or cannot be told. */
    private static Decision applies(Parsed pe, Party.Place peer) {
        Value cv = pe.entry().cidr();
        Optional<Cidr> c = pe.cidr();
        if (c.isEmpty()) {
            return Decision.unknown("its CIDR is " + (cv == null ? "absent" : cv.display()));
        }
        if (peer.cidrs().isEmpty()) {
            return c.get().contains(ALL_V4) ? Decision.yes("") : Decision.unknown(peer.unknown() != null
                    ? peer.unknown() : "the addresses of " + peer.name() + " are unknown");
        }
        boolean all = true;
        boolean none = true;
        for (Cidr p : peer.cidrs()) {
            if (!c.get().contains(p)) {
                all = false;
            }
            if (c.get().overlaps(p)) {
                none = false;
            }
        }
        if (all) {
            return Decision.yes("");
        }
        if (none) {
            return Decision.no("");
        }
        return Decision.unknown(c.get() + " covers only part of " + peerName(peer));
    }

    private static String cidrText(Entry e) {
        return e.cidr() == null ? "no CIDR" : e.cidr().display();
    }

    static String peerName(Party.Place p) {
        if (p.cidrs().isEmpty() || p.mode() == Party.Place.Mode.WITHIN) {
            return p.name();
        }
        List<String> c = new ArrayList<>();
        for (Cidr x : p.cidrs()) {
            c.add(x.toString());
        }
        return p.name() + " (" + String.join(", ", c) + ")";
    }

    private static List<int[]> intersect(List<int[]> ranges, int lo, int hi) {
        List<int[]> out = new ArrayList<>();
        for (int[] r : ranges) {
            int a = Math.max(r[0], lo);
            int b = Math.min(r[1], hi);
            if (a <= b) {
                out.add(new int[]{a, b});
            }
        }
        return out;
    }

    private static List<int[]> subtract(List<int[]> ranges, int lo, int hi) {
        List<int[]> out = new ArrayList<>();
        for (int[] r : ranges) {
            if (r[1] < lo || r[0] > hi) {
                out.add(r);
                continue;
            }
            if (r[0] < lo) {
                out.add(new int[]{r[0], lo - 1});
            }
            if (r[1] > hi) {
                out.add(new int[]{hi + 1, r[1]});
            }
        }
        return out;
    }

    private static String describe(List<int[]> ranges) {
        List<String> parts = new ArrayList<>();
        for (int[] r : ranges) {
            parts.add(r[0] == r[1] ? Integer.toString(r[0]) : r[0] + "-" + r[1]);
        }
        return String.join(", ", parts);
    }
}
