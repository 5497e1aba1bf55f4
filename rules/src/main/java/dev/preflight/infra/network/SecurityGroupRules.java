package dev.preflight.infra.network;

import dev.preflight.rule.Scenario;
import dev.preflight.infra.network.SecurityGroupRule.Direction;
import dev.preflight.infra.network.SecurityGroupRule.Peer;
import dev.preflight.model.Resource;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The complete rule set of a security group in one scenario, whatever syntax declared its rules:
 * CloudFormation inline {@code SecurityGroupIngress}/{@code SecurityGroupEgress} and standalone
 * {@code AWS::EC2::SecurityGroupIngress}/{@code Egress}; Terraform inline {@code ingress}/{@code egress} blocks,
 * {@code aws_security_group_rule} and {@code aws_vpc_security_group_ingress_rule}/{@code egress_rule}; and the
 * defaults: CloudFormation's allow-all egress when no inline egress is given, Terraform's removal of it, the VPC
 * default group's self ingress and allow-all egress.
 */
public final class SecurityGroupRules {
    private final NetworkView view;

    public SecurityGroupRules(NetworkView view) {
        this.view = view;
    }

    /** The union of the rules of several groups. */
    public RuleSet of(List<GroupRef> groups, Direction d, Scenario s) {
        if (groups.size() == 1) {
            return of(groups.get(0), d, s);
        }
        List<Object> key = new ArrayList<>();
        key.add(d);
        for (GroupRef g : groups) {
            if (!g.known()) {
                return union(groups, d, s);
            }
            key.add(g.identity());
        }
        return view.memo(key, s, () -> union(groups, d, s));
    }

    private RuleSet union(List<GroupRef> groups, Direction d, Scenario s) {
        List<RuleSet> sets = new ArrayList<>();
        for (GroupRef g : groups) {
            sets.add(of(g, d, s));
        }
        return RuleSet.union(d, sets);
    }

    public RuleSet of(GroupRef ref, Direction d, Scenario s) {
        if (ref.group() == null) {
            return extract(ref, d, s);
        }
        return view.memo(List.of("rules", d, ref.identity()), s, () -> extract(ref, d, s));
    }

    private RuleSet extract(GroupRef ref, Direction d, Scenario s) {
        if (ref.group() == null) {
            return new RuleSet(d, List.of(ref.display()), List.of(), List.of(ref.missing()));
        }
        SecurityGroup g = ref.group();
        List<SecurityGroupRule> rules = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        switch (g.kind()) {
            case DATA_SOURCE -> unknown.add("security group " + g.name()
                    + " is read from AWS by a data source; its rules are not in the inputs");
            case VPC_DEFAULT -> {
                SourceLocation at = g.resource().location();
                if (d == Direction.INGRESS) {
                    rules.add(new SecurityGroupRule(ref, d, g.resource(), at, text("-1", at), null, null, Peer.SELF,
                            null));
                } else {
                    rules.add(new SecurityGroupRule(ref, d, g.resource(), at, text("-1", at), null, null, Peer.ALL,
                            null));
                }
            }
            case CLOUDFORMATION -> cloudFormation(ref, d, s, rules, unknown);
            case TERRAFORM, TERRAFORM_DEFAULT -> terraformInline(ref, d, s, rules, unknown);
        }
        if (g.kind() != SecurityGroup.Kind.VPC_DEFAULT && g.kind() != SecurityGroup.Kind.DATA_SOURCE) {
            for (Resource r : view.standalone(d, g.identity())) {
                if (!s.exists(r)) {
                    continue;
                }
                Value gv = NetworkView.standaloneGroupValue(r);
                GroupRef target = view.groupRef(gv, s);
                if (!target.same(ref)) {
                    continue; // another branch of a conditional GroupId
                }
                standalone(ref, r, d, s, rules, unknown);
            }
        }
        return new RuleSet(d, List.of(g.name()), rules, unknown);
    }

    private static Value text(String t, SourceLocation at) {
        return new Value.Text(t, at);
    }

    private void cloudFormation(GroupRef ref, Direction d, Scenario s, List<SecurityGroupRule> rules,
                                List<String> unknown) {
        Resource r = ref.group().resource();
        String prop = d == Direction.INGRESS ? "SecurityGroupIngress" : "SecurityGroupEgress";
        Value list = s.pick(r.property(prop));
        List<Value> items = s.items(list);
        if (d == Direction.EGRESS && items.isEmpty()) {
            // AWS adds allow-all egress when the template gives none inline (standalone egress resources are
            // taken not to remove it: UNCONFIRMED, see SecurityGroup).
            rules.add(new SecurityGroupRule(ref, d, r, r.location(), text("-1", r.location()), null, null, Peer.ALL,
                    null));
            return;
        }
        for (Value item : items) {
            if (!(item instanceof Value.Struct) && !(item instanceof Value.Reference)) {
                unknown.add(r.id() + " " + prop + " entry is " + item.display());
                continue;
            }
            cfnRule(ref, r, item, d, s, rules, unknown);
        }
    }

    private void cfnRule(GroupRef ref, Resource declaredBy, Value item, Direction d, Scenario s,
                         List<SecurityGroupRule> rules, List<String> unknown) {
        SourceLocation at = item.location() != null ? item.location() : declaredBy.location();
        Value proto = s.get(item, "IpProtocol");
        Value from = s.get(item, "FromPort");
        Value to = s.get(item, "ToPort");
        boolean any = false;
        Value v4 = s.get(item, "CidrIp");
        if (!v4.isAbsent()) {
            rules.add(new SecurityGroupRule(ref, d, declaredBy, at, proto, from, to, Peer.CIDR, v4));
            any = true;
        }
        Value v6 = s.get(item, "CidrIpv6");
        if (!v6.isAbsent()) {
            rules.add(new SecurityGroupRule(ref, d, declaredBy, at, proto, from, to, Peer.CIDR, v6));
            any = true;
        }
        Value group = d == Direction.INGRESS ? s.get(item, "SourceSecurityGroupId")
                : s.get(item, "DestinationSecurityGroupId");
        if (group.isAbsent() && d == Direction.INGRESS) {
            group = s.get(item, "SourceSecurityGroupName");
        }
        if (!group.isAbsent()) {
            rules.add(new SecurityGroupRule(ref, d, declaredBy, at, proto, from, to, Peer.GROUP, group));
            any = true;
        }
        Value pl = d == Direction.INGRESS ? s.get(item, "SourcePrefixListId") : s.get(item, "DestinationPrefixListId");
        if (!pl.isAbsent()) {
            rules.add(new SecurityGroupRule(ref, d, declaredBy, at, proto, from, to, Peer.PREFIX_LIST, pl));
            any = true;
        }
        if (!any && !item.isKnown()) {
            unknown.add("a " + d.word() + " rule of " + ref.display() + " at " + at + " has no peer that is known");
        }
    }

    private void terraformInline(GroupRef ref, Direction d, Scenario s, List<SecurityGroupRule> rules,
                                 List<String> unknown) {
        Resource r = ref.group().resource();
        String prop = d == Direction.INGRESS ? "ingress" : "egress";
        Value blocks = s.pick(r.property(prop));
        if (blocks.isAbsent()) {
            return; // none declared inline; Terraform never keeps AWS's default egress
        }
        if (blocks instanceof Value.Unknown u) {
            unknown.add("the " + prop + " rules of " + r.id() + " are " + u.describe());
            return;
        }
        for (Value b : s.items(blocks)) {
            tfRule(ref, r, b, d, s, rules, unknown, "protocol", "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids",
                    "security_groups");
        }
    }

    void standalone(GroupRef ref, Resource r, Direction d, Scenario s, List<SecurityGroupRule> rules,
                            List<String> unknown) {
        switch (r.type()) {
            case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress" ->
                    cfnRule(ref, r, r.properties(), d, s, rules, unknown);
            case "aws_security_group_rule" -> {
                Value type = s.pick(r.property("type"));
                String t = type.isAbsent() ? null : type.text().orElse(null);
                if (t == null) {
                    unknown.add("the type of " + r.id() + " is " + (type.isAbsent() ? "absent" : type.display()));
                    return;
                }
                if (!t.trim().toLowerCase(Locale.ROOT).equals(d.word())) {
                    return;
                }
                tfRule(ref, r, r.properties(), d, s, rules, unknown, "protocol", "cidr_blocks", "ipv6_cidr_blocks",
                        "prefix_list_ids", null);
                Value source = s.get(r.properties(), "source_security_group_id");
                if (!source.isAbsent()) {
                    rules.add(new SecurityGroupRule(ref, d, r, r.location(), s.get(r.properties(), "protocol"),
                            s.get(r.properties(), "from_port"), s.get(r.properties(), "to_port"), Peer.GROUP,
                            source));
                }
            }
            default -> { // aws_vpc_security_group_ingress_rule / egress_rule
                Value p = s.get(r.properties(), "ip_protocol");
                Value from = s.get(r.properties(), "from_port");
                Value to = s.get(r.properties(), "to_port");
                addPeer(ref, r, r.location(), d, p, from, to, Peer.CIDR, s.get(r.properties(), "cidr_ipv4"), rules);
                addPeer(ref, r, r.location(), d, p, from, to, Peer.CIDR, s.get(r.properties(), "cidr_ipv6"), rules);
                addPeer(ref, r, r.location(), d, p, from, to, Peer.PREFIX_LIST,
                        s.get(r.properties(), "prefix_list_id"), rules);
                addPeer(ref, r, r.location(), d, p, from, to, Peer.GROUP,
                        s.get(r.properties(), "referenced_security_group_id"), rules);
            }
        }
    }

    private static void addPeer(GroupRef ref, Resource r, SourceLocation at, Direction d, Value p, Value from,
                                Value to, Peer kind, Value peer, List<SecurityGroupRule> rules) {
        if (!peer.isAbsent()) {
            rules.add(new SecurityGroupRule(ref, d, r, at, p, from, to, kind, peer));
        }
    }

    /** A Terraform rule written as a block or an {@code aws_security_group_rule}: list-valued peers, {@code self}. */
    private void tfRule(GroupRef ref, Resource declaredBy, Value block, Direction d, Scenario s,
                        List<SecurityGroupRule> rules, List<String> unknown, String protoName, String v4Name,
                        String v6Name, String plName, String groupsName) {
        SourceLocation at = block.location() != null ? block.location() : declaredBy.location();
        Value proto = s.get(block, protoName);
        Value from = s.get(block, "from_port");
        Value to = s.get(block, "to_port");
        listPeers(ref, declaredBy, at, d, s, proto, from, to, Peer.CIDR, s.get(block, v4Name), rules);
        listPeers(ref, declaredBy, at, d, s, proto, from, to, Peer.CIDR, s.get(block, v6Name), rules);
        listPeers(ref, declaredBy, at, d, s, proto, from, to, Peer.PREFIX_LIST, s.get(block, plName), rules);
        if (groupsName != null) {
            listPeers(ref, declaredBy, at, d, s, proto, from, to, Peer.GROUP, s.get(block, groupsName), rules);
        }
        Value self = s.get(block, "self");
        if (!self.isAbsent()) {
            Optional<Boolean> b = self.bool();
            if (b.isPresent()) {
                if (b.get()) {
                    rules.add(new SecurityGroupRule(ref, d, declaredBy, at, proto, from, to, Peer.SELF, null));
                }
            } else {
                // self undecided: a SELF rule whose existence is unknown; the matcher reports it.
                rules.add(new SecurityGroupRule(ref, d, declaredBy, at, proto, from, to, Peer.SELF, self));
            }
        }
    }

    private static void listPeers(GroupRef ref, Resource declaredBy, SourceLocation at, Direction d, Scenario s,
                                  Value proto, Value from, Value to, Peer kind, Value list,
                                  List<SecurityGroupRule> rules) {
        if (list.isAbsent()) {
            return;
        }
        for (Value item : s.items(list)) {
            rules.add(new SecurityGroupRule(ref, d, declaredBy, item.location() != null ? item.location() : at, proto,
                    from, to, kind, item));
        }
    }
}
