package dev.preflight.infra.network;

import java.util.ArrayList;
import java.util.List;

/**
 * All rules of one direction of one or more security groups in one scenario (several groups of an instance or an
 * endpoint are a union). {@code unknownParts} says why some rules may be missing from {@code rules}: a group
 * outside the inputs, an unknown rule list, a standalone rule whose group is unknown. Compared by identity: the
 * matcher caches what it prepares from a rule set.
 */
public final class RuleSet {
    private final SecurityGroupRule.Direction direction;
    private final List<String> groups;
    private final List<SecurityGroupRule> rules;
    private final List<String> unknownParts;
    /** What the matcher prepared from this set, per port (see {@link SecurityGroupMatcher}). */
    final java.util.concurrent.ConcurrentHashMap<Integer, Object> prepared = new java.util.concurrent.ConcurrentHashMap<>();

    public RuleSet(SecurityGroupRule.Direction direction, List<String> groups, List<SecurityGroupRule> rules,
                   List<String> unknownParts) {
        this.direction = direction;
        this.groups = List.copyOf(groups);
        this.rules = List.copyOf(rules);
        this.unknownParts = List.copyOf(unknownParts);
    }

    public SecurityGroupRule.Direction direction() {
        return direction;
    }

    public List<String> groups() {
        return groups;
    }

    public List<SecurityGroupRule> rules() {
        return rules;
    }

    public List<String> unknownParts() {
        return unknownParts;
    }

    public static RuleSet union(SecurityGroupRule.Direction direction, List<RuleSet> sets) {
        if (sets.size() == 1) {
            return sets.get(0);
        }
        List<String> g = new ArrayList<>();
        List<SecurityGroupRule> r = new ArrayList<>();
        List<String> u = new ArrayList<>();
        for (RuleSet s : sets) {
            g.addAll(s.groups);
            r.addAll(s.rules);
            u.addAll(s.unknownParts);
        }
        return new RuleSet(direction, g, r, u);
    }

    /** "EndpointSg" or "AppSg and OtherSg". */
    public String groupNames() {
        if (groups.isEmpty()) {
            return "no security group";
        }
        if (groups.size() == 1) {
            return groups.get(0);
        }
        return String.join(", ", groups.subList(0, groups.size() - 1)) + " and " + groups.get(groups.size() - 1);
    }
}
