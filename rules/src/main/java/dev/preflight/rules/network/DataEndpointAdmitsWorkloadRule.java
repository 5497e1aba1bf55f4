package dev.preflight.rules.network;

import dev.preflight.rule.ConditionalVerdicts;
import dev.preflight.infra.Workload;
import dev.preflight.infra.network.Decision;
import dev.preflight.infra.network.GroupRef;
import dev.preflight.infra.network.NetworkView;
import dev.preflight.infra.network.Party;
import dev.preflight.infra.network.RuleSet;
import dev.preflight.rule.Scenario;
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

/**
 * GD002: the security groups of the GuardDuty data endpoint in a workload's VPC admit TCP 443 from the workload
 * (one of its groups, or CIDRs covering its subnets). With no data endpoint in the inputs for a VPC of the inputs,
 * GuardDuty's automated configuration creates one whose group admits the VPC CIDR: PASS, only the egress half
 * (GD003) applies. A workload whose VPC is outside the inputs is UNKNOWN: a customer endpoint may exist there.
 */
public final class DataEndpointAdmitsWorkloadRule implements Rule {
    static final RuleMetadata METADATA = RuleMetadata.rule("GD002")
            .title("Data endpoint admits the workload")
            .severity(Severity.ERROR)
            .unhealthy(Stage.TELEMETRY, ConsoleEffect.NO_AGENT_REPORTING, null)
            .tags("network", "security-group", "endpoint")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/validate-vpc-endpoint-config-runtime-monitoring.html")
            .build();

    private final Function<RuleContext, List<Workload>> workloads;

    public DataEndpointAdmitsWorkloadRule() {
        this(WorkloadSource::of);
    }

    public DataEndpointAdmitsWorkloadRule(Function<RuleContext, List<Workload>> workloads) {
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
        if (!path.endpoints().isEmpty()) {
            RuleResult worst = null;
            for (VpcEndpoint e : path.endpoints()) {
                RuleResult r = checkEndpoint(net, rules, matcher, w, e, path, s);
                if (worst == null || r.verdict().badness() > worst.verdict().badness()) {
                    worst = r;
                }
            }
            return worst;
        }
        PathHops hops = PathHops.of(net, w, path, null, s);
        if (path.undecided() != null) {
            return hops.on(METADATA.unknown(subject, "cannot tell which endpoint the agent of " + w.id() + " uses",
                    path.undecided(), NetworkFindings.related(w, List.of())), Kind.ENDPOINT_SECURITY_GROUP, null);
        }
        if (path.vpc().inInputs()) {
            return hops.on(METADATA.pass(subject, "no guardduty-data endpoint is defined for VPC " + path.vpc().display()
                    + ": GuardDuty's automated agent configuration creates one whose security group admits the VPC "
                    + "CIDR on TCP 443, so only the egress half applies (GD003)",
                    NetworkFindings.related(w, List.of())), Kind.ENDPOINT_SECURITY_GROUP, null);
        }
        String why = path.vpc().outside() != null ? path.vpc().outside()
                : "VPC " + path.vpc().display() + " is read by a data source";
        return hops.on(METADATA.unknown(subject, "the VPC of " + w.id() + " is not in the inputs: a guardduty-data endpoint may "
                + "already exist there and its security group cannot be checked", why,
                NetworkFindings.related(w, List.of())), Kind.ENDPOINT_SECURITY_GROUP, null);
    }

    private static RuleResult checkEndpoint(NetworkView net, SecurityGroupRules rules, SecurityGroupMatcher matcher,
                                            Workload w, VpcEndpoint e, EndpointPath path, Scenario s) {
        Subject subject = Subject.of(w.resource());
        List<GroupRef> groups = net.groupsOf(e, s);
        RuleSet ingress = rules.of(groups, Direction.INGRESS, s);
        Party party = net.partyOf(w, path.vpc(), s);
        RelatedLocation[] related = NetworkFindings.related(w, NetworkFindings.endpointLocations(e, groups));
        PathHops hops = PathHops.of(net, w, path, e, s);
        Optional<String> invalid = SecurityGroupMatcher.invalidValue(ingress, s);
        if (invalid.isPresent()) {
            return hops.on(METADATA.fail(subject, NetworkFindings.rejected(invalid.get(), e.resource()), related),
                    Kind.ENDPOINT_SECURITY_GROUP, invalid.get());
        }
        Decision d = matcher.admits(ingress, party, 443, s);
        String groupWord = groups.size() > 1 ? "endpoint security groups " : "endpoint security group ";
        RuleResult r = switch (d.outcome()) {
            case YES -> METADATA.pass(subject, "data endpoint " + e.id() + " admits " + w.id() + " on TCP 443: "
                    + d.explanation(), related);
            case NO -> METADATA.fail(subject, groupWord + d.explanation() + "; " + NetworkFindings.uses(w, party)
                    + ": the agent cannot reach data endpoint " + e.id() + " (add an ingress rule for TCP 443 from "
                    + "the VPC CIDR or from every workload security group)", related);
            case UNKNOWN -> METADATA.unknown(subject, "cannot tell whether the security groups of data endpoint "
                    + e.id() + " (" + ingress.groupNames() + ") admit " + w.id() + " on TCP 443", d.explanation(),
                    related);
        };
        return hops.on(r, Kind.ENDPOINT_SECURITY_GROUP, d.explanation());
    }
}
