package dev.preflight.infra.network;

import dev.preflight.rule.Scenario;
import dev.preflight.infra.network.SecurityGroupRule.Direction;
import dev.preflight.infra.network.SecurityGroupRule.Peer;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Set logic over security-group rules: does a rule set admit TCP traffic on a port from (ingress) or to (egress)
 * a {@link Party}? A rule matches when its protocol is {@code -1}/{@code all} (any port) or {@code tcp}/{@code 6}
 * with a port range containing the port, and its peer is one of the party's groups (or the rule's own group for
 * {@code self}), or CIDR blocks (IPv4/IPv6, host bits ignored) that together cover every place the party may be.
 * Prefix lists count when the inputs define them with entries. Every value that cannot be read turns a "no" into
 * UNKNOWN with its reason; nothing unknown ever turns into a "yes".
 */
public final class SecurityGroupMatcher {
    /** Standalone rules with an unknown group are checked against a NO only this many times (keeps runs linear). */
    private static final int FLOATING_LIMIT = 16;
    private static final Cidr ALL_V4 = Cidr.parse("0.0.0.0/0").orElseThrow();
    private static final Cidr ALL_V6 = Cidr.parse("::/0").orElseThrow();

    private final NetworkView view;
    private final SecurityGroupRules rules;

    public SecurityGroupMatcher(NetworkView view) {
        this.view = view;
        this.rules = new SecurityGroupRules(view);
    }

    /**
     * The rules of a set that can matter for one port, indexed once per set: group peers by identity (so a party's
     * groups are looked up, not scanned), definite CIDR blocks, and the reasons some rules may or may not match.
     */
    private static final class Prepared {
        final List<SecurityGroupRule> onPort = new ArrayList<>();
        SecurityGroupRule all;
        String allMaybe;
        final java.util.Map<String, SecurityGroupRule> groups = new java.util.HashMap<>();
        final java.util.Map<String, String> groupsMaybe = new java.util.HashMap<>();
        String unknownPeer;
        SecurityGroupRule anyGroupRule;
        final List<Cidr> definite = new ArrayList<>();
        final List<String> maybe = new ArrayList<>();
    }

    private Prepared prepare(RuleSet set, int port, Scenario s) {
        Object cached = set.prepared.get(port);
        if (cached != null) {
            return (Prepared) cached;
        }
        int before = s.consultations();
        Prepared p = new Prepared();
        for (SecurityGroupRule r : set.rules()) {
            Decision pm = portMatch(r, port, s);
            if (pm.no()) {
                continue;
            }
            if (pm.yes()) {
                p.onPort.add(r);
            }
            switch (r.peerKind()) {
                case ALL -> {
                    if (pm.yes()) {
                        p.all = p.all == null ? r : p.all;
                    } else if (p.allMaybe == null) {
                        p.allMaybe = pm.explanation();
                    }
                }
                case SELF, GROUP -> {
                    p.anyGroupRule = p.anyGroupRule == null ? r : p.anyGroupRule;
                    GroupRef peer = r.peerKind() == Peer.SELF ? r.owner() : view.groupRef(r.peer(), s);
                    if (r.peerKind() == Peer.SELF && r.peer() != null) {
                        if (r.owner().known()) {
                            p.groupsMaybe.putIfAbsent(r.owner().identity(), "self of " + where(r) + " is "
                                    + r.peer().display());
                        }
                    } else if (!peer.known()) {
                        if (p.unknownPeer == null) {
                            p.unknownPeer = peer.missing() + " (" + where(r) + ")";
                        }
                    } else if (pm.yes()) {
                        p.groups.putIfAbsent(peer.identity(), r);
                    } else {
                        p.groupsMaybe.putIfAbsent(peer.identity(), pm.explanation());
                    }
                }
                case CIDR -> {
                    Value v = s.pick(r.peer());
                    Optional<Cidr> c = v == null ? Optional.empty() : v.text().flatMap(Cidr::parse);
                    if (c.isPresent()) {
                        if (pm.yes()) {
                            p.definite.add(c.get());
                        } else {
                            p.maybe.add(pm.explanation());
                        }
                    } else if (v != null && !v.isKnown()) {
                        p.maybe.add("the CIDR of " + where(r) + " is " + v.display());
                    }
                }
                case PREFIX_LIST -> {
                    Lookup<List<Cidr>> pl = prefixList(r, s);
                    if (pl.found() && pm.yes()) {
                        p.definite.addAll(pl.value());
                    } else {
                        p.maybe.add(pl.found() ? pm.explanation() : pl.missing());
                    }
                }
            }
        }
        if (s.consultations() == before) {
            set.prepared.putIfAbsent(port, p);
        }
        return p;
    }

    /** Whether the rule set admits TCP {@code port} with {@code party} as the peer. */
    public Decision admits(RuleSet set, Party party, int port, Scenario s) {
        Prepared p = prepare(set, port, s);
        if (p.all != null) {
            return Decision.yes(describe(p.all, s));
        }
        Decision groupPart = p.allMaybe != null ? Decision.unknown(p.allMaybe) : Decision.no("");
        for (GroupRef g : party.groups()) {
            if (!g.known()) {
                if (p.anyGroupRule != null) {
                    groupPart = groupPart.or(Decision.unknown("the security group of " + party.name()
                            + " is unknown: " + g.missing() + ", and " + where(p.anyGroupRule) + " refers to "
                            + peerName(p.anyGroupRule, s)));
                }
                continue;
            }
            SecurityGroupRule hit = p.groups.get(g.identity());
            if (hit != null) {
                return Decision.yes(describe(hit, s));
            }
            String maybe = p.groupsMaybe.get(g.identity());
            if (maybe != null) {
                groupPart = groupPart.or(Decision.unknown(maybe));
            }
        }
        if (p.unknownPeer != null) {
            groupPart = groupPart.or(Decision.unknown(p.unknownPeer));
        }
        Decision cidrPart = party.places().isEmpty()
                ? Decision.unknown("the subnets of " + party.name() + " are unknown")
                : Decision.yes("");
        for (Party.Place place : party.places()) {
            cidrPart = cidrPart.and(place(place, p.definite, p.maybe));
        }
        Decision result = groupPart.or(cidrPart);
        if (result.yes()) {
            return result.withExplanation(evidence(p.onPort, party, s));
        }
        if (result.no()) {
            if (!set.unknownParts().isEmpty()) {
                return Decision.unknown(set.unknownParts().get(0));
            }
            String floating = floating(set, port, s);
            if (floating != null) {
                return Decision.unknown(floating);
            }
            return Decision.no(summary(set, p.onPort, port, s));
        }
        return result;
    }

    private Decision place(Party.Place place, List<Cidr> definite, List<String> maybe) {
        if (place.cidrs().isEmpty()) {
            if (Cidr.covered(ALL_V4, definite)) {
                return Decision.yes("");
            }
            if (definite.isEmpty() && maybe.isEmpty()) {
                return Decision.no("");
            }
            return Decision.unknown(place.unknown() != null ? place.unknown() : "the addresses of " + place.name()
                    + " are unknown");
        }
        boolean all = true;
        boolean none = true;
        for (Cidr c : place.cidrs()) {
            if (!Cidr.covered(c, definite)) {
                all = false;
            }
            if (!Cidr.disjoint(c, definite)) {
                none = false;
            }
        }
        if (all) {
            return Decision.yes("");
        }
        if (!maybe.isEmpty()) {
            return Decision.unknown(maybe.get(0));
        }
        if (place.mode() == Party.Place.Mode.WITHIN && !none) {
            return Decision.unknown(place.unknown() + ", and the rules admit only part of "
                    + String.join(", ", place.cidrs().stream().map(Cidr::toString).toList()));
        }
        return Decision.no("");
    }

    /** Protocol and port of a rule against TCP {@code port}. */
    public static Decision portMatch(SecurityGroupRule r, int port, Scenario s) {
        Value pv = s.pick(r.protocol());
        if (pv.isAbsent()) {
            return Decision.no("no protocol");
        }
        Optional<String> pt = pv.text();
        if (pt.isEmpty()) {
            return Decision.unknown("the protocol of " + where(r) + " is " + pv.display());
        }
        String p = pt.get().trim().toLowerCase(Locale.ROOT);
        if (p.equals("-1") || p.equals("all")) {
            return Decision.yes("all traffic");
        }
        if (!p.equals("tcp") && !p.equals("6")) {
            return Decision.no("protocol " + pt.get());
        }
        return portRange(r, port, s);
    }

    /**
     * The first rule of {@code rules} with a value AWS rejects in this scenario (a port outside 0-65535, {@code -1}
     * ports with TCP or UDP, a from-port above the to-port, a CIDR that is not one): what is wrong and where, or
     * empty. Such a rule fails the deployment, so no verdict may be built on it.
     */
    public static Optional<String> invalidValue(RuleSet rules, Scenario s) {
        for (SecurityGroupRule r : rules.rules()) {
            Value pv = s.pick(r.protocol());
            String p = pv == null ? "" : pv.text().orElse("").trim().toLowerCase(Locale.ROOT);
            if (p.equals("tcp") || p.equals("6") || p.equals("udp") || p.equals("17")) {
                Value fv = s.pick(r.fromPort());
                Value tv = s.pick(r.toPort());
                Optional<Long> from = fv == null ? Optional.empty() : fv.integer();
                Optional<Long> to = tv == null ? Optional.empty() : tv.integer();
                for (var e : List.of(Map.entry("from-port", from), Map.entry("to-port", to))) {
                    Value written = e.getKey().equals("from-port") ? fv : tv;
                    if (e.getValue().isPresent() && (e.getValue().get() < 0 || e.getValue().get() > 65535)) {
                        return Optional.of("the " + e.getKey() + " " + port(written) + " of " + where(r)
                                + (e.getValue().get() == -1 ? " is -1 (all ports), which AWS accepts only with "
                                + "protocol -1 or ICMP, not " + pv.text().get() : " is outside 0-65535"));
                    }
                }
                if (from.isPresent() && to.isPresent() && from.get() > to.get()) {
                    return Optional.of("the port range " + port(fv) + "-" + port(tv) + " of " + where(r)
                            + " runs backwards");
                }
            }
            if (r.peerKind() == SecurityGroupRule.Peer.CIDR) {
                Value c = s.pick(r.peer());
                Optional<String> text = c == null ? Optional.empty() : c.text();
                if (text.isPresent() && Cidr.problem(text.get()) != null) {
                    return Optional.of("the CIDR of " + where(r) + " is invalid: " + Cidr.problem(text.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** A port as written, with the number YAML 1.1 reads where it differs ({@code 0443 (octal: 291)}). */
    static String port(Value v) {
        if (v instanceof Value.Num n && !n.raw().equals(n.value().toPlainString())) {
            return n.raw() + " (YAML 1.1 reads it as " + n.value().toPlainString() + ")";
        }
        return v == null ? "?" : v.display();
    }

    private static Decision portRange(SecurityGroupRule r, int port, Scenario s) {
        Value fv = s.pick(r.fromPort());
        Value tv = s.pick(r.toPort());
        if (fv.isAbsent() || tv.isAbsent()) {
            return Decision.no("no port range");
        }
        Optional<Long> from = fv.integer();
        Optional<Long> to = tv.integer();
        if (from.isEmpty()) {
            return Decision.unknown("the from-port of " + where(r) + " is " + fv.display());
        }
        if (to.isEmpty()) {
            return Decision.unknown("the to-port of " + where(r) + " is " + tv.display());
        }
        if (from.get() == -1 && to.get() == -1) {
            return Decision.yes("all ports");
        }
        String range = fv instanceof Value.Num f && !f.raw().equals(f.value().toPlainString())
                || tv instanceof Value.Num t && !t.raw().equals(t.value().toPlainString())
                ? port(fv) + "-" + port(tv) : from.get() + "-" + to.get();
        return from.get() <= port && port <= to.get() ? Decision.yes("ports " + range)
                : Decision.no("ports " + range);
    }

    private Lookup<List<Cidr>> prefixList(SecurityGroupRule r, Scenario s) {
        Value v = s.pick(r.peer());
        Optional<Resource> list = v == null ? Optional.empty() : view.prefixList(v);
        if (list.isEmpty()) {
            return Lookup.missing("prefix list " + (v == null ? "?" : v.display()) + " of " + where(r)
                    + " is not defined in the inputs");
        }
        Resource pl = list.get();
        List<Cidr> out = new ArrayList<>();
        List<Value> entries = new ArrayList<>();
        if (NetworkView.tf(pl)) {
            entries.addAll(s.items(pl.property("entry")));
            for (Resource e : view.prefixListEntries(pl.key())) {
                if (s.exists(e)) {
                    entries.add(e.properties());
                }
            }
        } else {
            entries.addAll(s.items(pl.property("Entries")));
        }
        for (Value e : entries) {
            Value c = s.get(e, NetworkView.tf(pl) ? "cidr" : "Cidr");
            Optional<Cidr> cidr = c.text().flatMap(Cidr::parse);
            if (cidr.isEmpty()) {
                return Lookup.missing("an entry of prefix list " + pl.id() + " is " + (c.isAbsent() ? "absent"
                        : c.display()));
            }
            out.add(cidr.get());
        }
        return Lookup.found(out);
    }

    /** A standalone rule whose group is unknown and that may match: the reason a NO is only UNKNOWN. */
    private String floating(RuleSet set, int port, Scenario s) {
        int checked = 0;
        for (Resource r : view.floating(set.direction())) {
            if (checked++ >= FLOATING_LIMIT) {
                return null;
            }
            if (!s.exists(r)) {
                continue;
            }
            Value g = NetworkView.standaloneGroupValue(r);
            GroupRef owner = g == null ? GroupRef.unknown(r.id(), r.id() + " names no security group")
                    : view.groupRef(g, s);
            List<SecurityGroupRule> found = new ArrayList<>();
            rules.standalone(owner, r, set.direction(), s, found, new ArrayList<>());
            for (SecurityGroupRule fr : found) {
                if (!portMatch(fr, port, s).no()) {
                    return "standalone rule " + r.id() + " applies to an unknown group (" + owner.missing()
                            + "); it may add " + set.direction().word() + " to " + set.groupNames();
                }
            }
        }
        return null;
    }

    // ---- words ----

    static String where(SecurityGroupRule r) {
        String owner = r.owner().display();
        return (r.declaredBy() != null && !r.declaredBy().id().equals(owner) && r.owner().group() != null
                && r.declaredBy() != r.owner().group().resource()
                ? r.declaredBy().id() + " (" + r.direction().word() + " of " + owner + ")"
                : owner + " " + r.direction().word() + " rule")
                + " at line " + r.location().line();
    }

    /** "tcp 443 from BastionSg" style description of one rule. */
    public String describe(SecurityGroupRule r, Scenario s) {
        String proto;
        Value pv = s.pick(r.protocol());
        String p = pv == null ? "?" : pv.text().orElse(pv.display()).trim().toLowerCase(Locale.ROOT);
        if (p.equals("-1") || p.equals("all")) {
            proto = "all traffic";
        } else {
            Value f = s.pick(r.fromPort());
            Value t = s.pick(r.toPort());
            String fs = f == null ? "?" : f.display();
            String ts = t == null ? "?" : t.display();
            proto = (p.equals("6") ? "tcp" : p) + " " + (fs.equals(ts) ? fs : fs + "-" + ts);
        }
        String dir = r.direction() == Direction.INGRESS ? "from" : "to";
        return r.owner().display() + " " + r.direction().word() + " " + proto + " " + dir + " " + peerName(r, s);
    }

    String peerName(SecurityGroupRule r, Scenario s) {
        return switch (r.peerKind()) {
            case ALL -> "0.0.0.0/0 and ::/0 (default)";
            case SELF -> "its own members";
            case GROUP -> view.groupRef(r.peer(), s).display();
            case CIDR, PREFIX_LIST -> {
                Value v = s.pick(r.peer());
                yield v == null ? "?" : v.display();
            }
        };
    }

    private String evidence(List<SecurityGroupRule> onPort, Party party, Scenario s) {
        Set<String> parts = new LinkedHashSet<>();
        for (SecurityGroupRule r : onPort) {
            parts.add(describe(r, s));
            if (parts.size() == 3) {
                break;
            }
        }
        return String.join("; ", parts);
    }

    private String summary(RuleSet set, List<SecurityGroupRule> onPort, int port, Scenario s) {
        if (onPort.isEmpty()) {
            String dir = set.direction().word() + " rules";
            return set.groupNames() + " " + (set.groups().size() > 1 ? "have" : "has") + " no " + dir
                    + " for TCP " + port;
        }
        Set<String> peers = new LinkedHashSet<>();
        int seen = 0;
        for (SecurityGroupRule r : onPort) {
            if (peers.size() == 8) {
                break;
            }
            peers.add(peerName(r, s));
            seen++;
        }
        if (seen < onPort.size()) {
            peers.add("and " + (onPort.size() - seen) + " more rules");
        }
        Direction d = set.direction();
        return set.groupNames() + (d == Direction.INGRESS ? " admit" : " allow") + (set.groups().size() > 1 ? "" : "s")
                + " TCP " + port + (d == Direction.INGRESS ? " only from " : " only to ") + String.join(", ", peers);
    }
}
