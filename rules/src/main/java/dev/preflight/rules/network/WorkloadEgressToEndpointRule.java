package dev.preflight.rules.network;

import dev.preflight.rule.ConditionalVerdicts;
import dev.preflight.infra.Workload;
import dev.preflight.infra.network.Cidr;
import dev.preflight.infra.network.Decision;
import dev.preflight.infra.network.GroupRef;
import dev.preflight.infra.network.Lookup;
import dev.preflight.infra.network.NetworkView;
import dev.preflight.infra.network.Party;
import dev.preflight.infra.network.RuleSet;
import dev.preflight.rule.Scenario;
import dev.preflight.infra.network.SecurityGroup;
import dev.preflight.infra.network.SecurityGroupMatcher;
import dev.preflight.infra.network.SecurityGroupRule.Direction;
import dev.preflight.infra.network.SecurityGroupRules;
import dev.preflight.infra.network.VpcEndpoint;
import dev.preflight.rule.NetworkPath.Kind;
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
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * GD003: the workload's security groups allow TCP 443 out to the data endpoint: to one of the endpoint's groups,
 * or to CIDRs covering every endpoint subnet. With no data endpoint in the inputs, the destination is GuardDuty's
 * endpoint somewhere in the VPC (GuardDuty picks its subnets by IP availability), so the egress must cover the
 * whole VPC CIDR; {@code 0.0.0.0/0} always does. CloudFormation keeps AWS's allow-all egress unless the group
 * lists egress inline; Terraform's {@code aws_security_group} never keeps it.
 */
public final class WorkloadEgressToEndpointRule implements Rule {
    static final RuleMetadata METADATA = RuleMetadata.rule("GD003")
            .title("Workload can egress to the endpoint")
            .severity(Severity.ERROR)
            .unhealthy(Stage.TELEMETRY, ConsoleEffect.NO_AGENT_REPORTING, null)
            .tags("network", "security-group", "egress")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring-agent-connectivity.html")
            .build();

    private final Function<RuleContext, List<Workload>> workloads;

    public WorkloadEgressToEndpointRule() {
        this(WorkloadSource::of);
    }

    public WorkloadEgressToEndpointRule(Function<RuleContext, List<Workload>> workloads) {
        this.workloads = workloads;
    }

    @Override
    public RuleMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<RuleResult> evaluate(RuleContext ctx) {
        NetworkView net = ctx.view(NetworkView.class, NetworkView::build);
        SecurityGroupRules rules = new SecurityGroupRules(net);
        SecurityGroupMatcher matcher = new SecurityGroupMatcher(net);
        List<RuleResult> out = new ArrayList<>();
        for (Workload w : workloads.apply(ctx)) {
            out.add(ConditionalVerdicts.worst(METADATA, Subject.of(w.resource()),
                    s -> check(net, rules, matcher, w, s)));
        }
        return out;
    }

    private static RuleResult check(NetworkView net, SecurityGroupRules rules, SecurityGroupMatcher matcher,
                                    Workload w, Scenario s) {
        Subject subject = Subject.of(w.resource());
        if (!s.exists(w.resource())) {
            return METADATA.notApplicable(subject, w.id() + " is not created");
        }
        EndpointPath path = EndpointPath.of(net, w, s);
        List<GroupRef> groups = net.groupsOf(w, path.vpc(), s);
        RuleSet egress = rules.of(groups, Direction.EGRESS, s);
        List<RelatedLocation> groupLocations = new ArrayList<>();
        for (GroupRef g : groups) {
            if (g.group() != null) {
                groupLocations.add(RelatedLocation.of(g.group().resource(), "security group " + g.display()
                        + " of " + w.id()));
            }
        }
        Optional<String> invalid = SecurityGroupMatcher.invalidValue(egress, s);
        if (invalid.isPresent()) {
            return PathHops.of(net, w, path, path.endpoints().isEmpty() ? null : path.endpoints().get(0), s)
                    .on(METADATA.fail(subject, NetworkFindings.rejected(invalid.get(), w.resource()),
                            NetworkFindings.related(w, groupLocations)), Kind.SECURITY_GROUP, invalid.get());
        }
        String groupNames = egress.groupNames() + " of " + w.id() + (egress.groups().size() > 1 ? " allow" : " allows");
        String note = egress.rules().isEmpty() && groups.stream().anyMatch(g -> g.group() != null
                && g.group().kind() == SecurityGroup.Kind.TERRAFORM)
                ? " (Terraform's aws_security_group removes AWS's default allow-all egress; declare egress in "
                + "egress blocks or separate rule resources)" : "";
        if (!path.endpoints().isEmpty()) {
            RuleResult worst = null;
            for (VpcEndpoint e : path.endpoints()) {
                Party dest = net.partyOf(e, path.vpc(), s);
                Decision d = matcher.admits(egress, dest, 443, s);
                List<RelatedLocation> rel = new ArrayList<>(groupLocations);
                rel.add(RelatedLocation.of(e.resource(), "GuardDuty data endpoint"));
                RelatedLocation[] related = NetworkFindings.related(w, rel);
                String where = "data endpoint " + e.id() + " (" + describe(dest) + ")";
                RuleResult r = switch (d.outcome()) {
                    case YES -> METADATA.pass(subject, w.id() + " can reach " + where + " on TCP 443: "
                            + d.explanation(), related);
                    case NO -> METADATA.fail(subject, d.explanation() + "; " + w.id() + " cannot reach " + where
                            + " on TCP 443" + note, related);
                    case UNKNOWN -> METADATA.unknown(subject, "cannot tell whether " + groupNames
                            + " TCP 443 to " + where, d.explanation(), related);
                };
                r = PathHops.of(net, w, path, e, s).on(r, Kind.SECURITY_GROUP, d.explanation());
                if (worst == null || r.verdict().badness() > worst.verdict().badness()) {
                    worst = r;
                }
            }
            return worst;
        }
        RelatedLocation[] related = NetworkFindings.related(w, groupLocations);
        Party dest;
        String where;
        if (path.undecided() != null) {
            dest = new Party("the data endpoint", List.of(), List.of(Party.Place.unknown("the data endpoint",
                    path.undecided())));
            where = "the data endpoint";
        } else {
            Lookup<List<Cidr>> cidrs = net.vpcCidrs(path.vpc(), s);
            if (cidrs.found()) {
                dest = new Party("GuardDuty's endpoint", List.of(), List.of(Party.Place.exact("VPC " + path.vpc()
                        .display(), cidrs.value())));
                where = "GuardDuty's endpoint in VPC " + path.vpc().display() + " ("
                        + cidrs.value().stream().map(Cidr::toString).collect(Collectors.joining(", "))
                        + "; its subnets are chosen by GuardDuty, so the whole VPC CIDR must be allowed)";
            } else {
                dest = new Party("GuardDuty's endpoint", List.of(), List.of(Party.Place.unknown("the VPC",
                        cidrs.missing())));
                where = "GuardDuty's endpoint in the VPC of " + w.id();
            }
        }
        Decision d = matcher.admits(egress, dest, 443, s);
        RuleResult r = switch (d.outcome()) {
            case YES -> METADATA.pass(subject, w.id() + " can reach " + where + " on TCP 443: " + d.explanation(),
                    related);
            case NO -> METADATA.fail(subject, d.explanation() + "; " + w.id() + " cannot reach " + where
                    + " on TCP 443" + note, related);
            case UNKNOWN -> METADATA.unknown(subject, "cannot tell whether " + groupNames
                    + " TCP 443 to " + where, d.explanation(), related);
        };
        return PathHops.of(net, w, path, null, s).on(r, Kind.SECURITY_GROUP, d.explanation());
    }

    private static String describe(Party dest) {
        List<String> parts = new ArrayList<>();
        for (GroupRef g : dest.groups()) {
            parts.add(g.display());
        }
        for (Party.Place p : dest.places()) {
            parts.add(p.cidrs().isEmpty() || p.mode() == Party.Place.Mode.WITHIN ? p.name()
                    : p.name() + " " + p.cidrs().stream().map(Cidr::toString).collect(Collectors.joining(", ")));
        }
        return String.join(", ", parts);
    }
}
