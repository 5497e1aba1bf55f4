package dev.preflight.rules.network;

import dev.preflight.rule.ConditionalVerdicts;
import dev.preflight.infra.Workload;
import dev.preflight.infra.network.NetworkView;
import dev.preflight.rule.Scenario;
import dev.preflight.infra.network.Vpc;
import dev.preflight.infra.network.VpcEndpoint;
import dev.preflight.infra.network.VpcRef;
import dev.preflight.model.Value;
import dev.preflight.rule.NetworkPath;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * GD001: a VPC hosting monitored compute needs DNS support and DNS hostnames, or GuardDuty cannot create (and the
 * agent cannot resolve) its endpoint with private DNS.
 *
 * <p>Subjects. A VPC of the inputs gets a verdict when some workload runs in it (in some branch of the undecided
 * conditions) or a GuardDuty data endpoint of the inputs is placed in it (its private DNS needs the same two
 * attributes). A VPC of the inputs that hosts neither gets NOT_APPLICABLE, saying so: the compute may be in another
 * stack that was not given. A workload whose VPC is not a resource of the inputs (a parameter, an import, a
 * physical id, no subnet at all = the default VPC) gets UNKNOWN with the workload as the subject, because there is
 * no VPC resource to name. A {@code data.aws_vpc} is decided from the attributes the data source shows.
 */
public final class VpcDnsAttributesRule implements Rule {
    static final RuleMetadata METADATA = RuleMetadata.rule("GD001")
            .title("VPC DNS attributes")
            .severity(Severity.ERROR)
            .unhealthy(Stage.ENDPOINT, ConsoleEffect.VPC_ENDPOINT_CREATION_FAILED, "Enabling private DNS requires both "
                    + "enableDnsSupport and enableDnsHostnames VPC attributes set to true")
            // GuardDuty creates no endpoint where yours is (prerequisites 1.2): the agent cannot resolve yours
            .withCustomerEndpoint(Stage.ENDPOINT_NAME, ConsoleEffect.NO_AGENT_REPORTING, null)
            .tags("network", "vpc", "dns")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/gdu-assess-coverage-ec2.html")
            .build();

    private final Function<RuleContext, List<Workload>> workloads;

    public VpcDnsAttributesRule() {
        this(WorkloadSource::of);
    }

    /** With another source of workloads (tests). */
    public VpcDnsAttributesRule(Function<RuleContext, List<Workload>> workloads) {
        this.workloads = workloads;
    }

    @Override
    public RuleMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<RuleResult> evaluate(RuleContext ctx) {
        NetworkView net = ctx.view(NetworkView.class, NetworkView::build);
        Map<String, Set<String>> hosted = new LinkedHashMap<>();
        Map<String, Set<Workload>> workloadsIn = new LinkedHashMap<>();
        Map<String, Set<String>> endpointsIn = new LinkedHashMap<>();
        List<RuleResult> out = new ArrayList<>();
        for (Workload w : workloads.apply(ctx)) {
            List<Scenario.Run<VpcRef>> runs = Scenario.explore(s -> s.exists(w.resource()) ? net.vpcOf(w, s) : null);
            if (runs == null) {
                runs = List.of(new Scenario.Run<>(net.vpcOf(w, Scenario.allTrue()), Scenario.allTrue()));
            }
            VpcRef outside = null;
            for (Scenario.Run<VpcRef> run : runs) {
                VpcRef ref = run.result();
                if (ref == null) {
                    continue;
                }
                if (ref.vpc() != null) {
                    hosted.computeIfAbsent(ref.identity(), k -> new LinkedHashSet<>()).add(w.id());
                    workloadsIn.computeIfAbsent(ref.identity(), k -> new LinkedHashSet<>()).add(w);
                } else if (outside == null) {
                    outside = ref;
                }
            }
            if (outside != null) {
                out.add(METADATA.unknown(Subject.of(w.resource()),
                        "the VPC of " + w.id() + " is not in the inputs, so its DNS attributes cannot be checked: "
                                + outside.outside(),
                        outside.outside()));
            }
        }
        for (VpcEndpoint e : net.endpoints()) {
            List<Scenario.Run<VpcRef>> runs = Scenario.explore(s -> s.exists(e.resource())
                    && !net.isDataEndpoint(e, s).no() ? net.vpc(e.vpcId(), s, e.resource().input()) : null);
            for (Scenario.Run<VpcRef> run : runs == null ? List.<Scenario.Run<VpcRef>>of() : runs) {
                if (run.result() != null && run.result().vpc() != null) {
                    hosted.computeIfAbsent(run.result().identity(), k -> new LinkedHashSet<>())
                            .add("endpoint " + e.id());
                    endpointsIn.computeIfAbsent(run.result().identity(), k -> new LinkedHashSet<>()).add(e.id());
                }
            }
        }
        for (Vpc vpc : net.vpcs()) {
            Subject subject = Subject.of(vpc.resource());
            Set<String> users = hosted.get(VpcRef.of(vpc).identity());
            if (users == null) {
                out.add(METADATA.notApplicable(subject, "no monitored compute or GuardDuty data endpoint of the inputs "
                        + "runs in VPC " + vpc.id()));
                continue;
            }
            Set<Workload> inVpc = workloadsIn.getOrDefault(VpcRef.of(vpc).identity(), Set.of());
            Set<String> endpoints = endpointsIn.getOrDefault(VpcRef.of(vpc).identity(), Set.of());
            out.add(ConditionalVerdicts.worst(METADATA, subject,
                    s -> paths(net, vpc, inVpc, check(vpc, users, endpoints, s), s)));
        }
        return out;
    }

    private RuleResult check(Vpc vpc, Set<String> users, Set<String> endpoints, Scenario s) {
        Subject subject = Subject.of(vpc.resource());
        if (!s.exists(vpc.resource())) {
            return METADATA.notApplicable(subject, "VPC " + vpc.id() + " is not created");
        }
        String hosts = " (used by " + String.join(", ", users) + ")";
        Attribute support = read(vpc, vpc.enableDnsSupport(), vpc.dnsSupportName(), vpc.dnsSupportDefault(), s);
        Attribute hostnames = read(vpc, vpc.enableDnsHostnames(), vpc.dnsHostnamesName(), vpc.dnsHostnamesDefault(),
                s);
        List<RelatedLocation> related = new ArrayList<>();
        for (Attribute a : List.of(support, hostnames)) {
            if (a.written != null && a.written.location() != null) {
                related.add(new RelatedLocation(vpc.id(), a.written.location(), a.name + " is written here"));
            }
        }
        RelatedLocation[] rel = related.toArray(RelatedLocation[]::new);
        String both = support.describe() + " and " + hostnames.describe();
        if (Boolean.FALSE.equals(support.value) || Boolean.FALSE.equals(hostnames.value)) {
            String fix = "; set both " + vpc.dnsSupportName() + " and " + vpc.dnsHostnamesName() + " to true";
            if (!endpoints.isEmpty()) {
                // GuardDuty reuses a customer's guardduty-data endpoint (prerequisites 1.2): the failure is yours
                return METADATA.fail(subject, "VPC " + vpc.id() + " has " + both + hosts + ": the guardduty-data "
                        + "endpoint " + String.join(", ", endpoints) + " in it cannot have private DNS: EC2 refuses to "
                        + "create it with private DNS enabled, and without private DNS the agent cannot resolve "
                        + "guardduty-data.<region>.amazonaws.com, so the instances show No Agent Reporting" + fix, rel);
            }
            return METADATA.fail(subject, "VPC " + vpc.id() + " has " + both + hosts + ": GuardDuty cannot create its "
                    + "guardduty-data endpoint with private DNS in it, so the agent's VPC-endpoint path will not "
                    + "work" + fix, rel);
        }
        if (support.unknown != null || hostnames.unknown != null) {
            String why = support.unknown != null ? support.unknown : hostnames.unknown;
            return METADATA.unknown(subject, "VPC " + vpc.id() + " has " + both + hosts
                    + ": cannot tell whether GuardDuty can create its endpoint with private DNS", why, rel);
        }
        return METADATA.pass(subject, "VPC " + vpc.id() + " has " + both + hosts, rel);
    }

    /** The result with the path of each workload in the VPC, its endpoint hop marked by the DNS verdict. */
    private static RuleResult paths(NetworkView net, Vpc vpc, Set<Workload> inVpc, RuleResult r, Scenario s) {
        if (r.verdict() == dev.preflight.rule.Verdict.NOT_APPLICABLE) {
            return r;
        }
        String identity = VpcRef.of(vpc).identity();
        String reason = switch (r.verdict()) {
            case FAIL -> falseAttributes(vpc, s) + ": the endpoint gets no private DNS name";
            case UNKNOWN -> r.reason();
            default -> null;
        };
        List<NetworkPath> paths = new ArrayList<>();
        for (Workload w : inVpc) {
            if (!s.exists(w.resource())) {
                continue;
            }
            EndpointPath path = EndpointPath.of(net, w, s);
            if (!path.vpc().identity().equals(identity)) {
                continue;
            }
            paths.add(PathHops.of(net, w, path, path.endpoints().isEmpty() ? null : path.endpoints().get(0), s)
                    .mark(Kind.ENDPOINT, r.verdict(), reason).path());
        }
        return r.withPaths(paths);
    }

    /** "EnableDnsHostnames of Vpc is false (the default when absent)": the attributes that fail, for the path. */
    private static String falseAttributes(Vpc vpc, Scenario s) {
        List<String> off = new ArrayList<>();
        for (Attribute a : List.of(read(vpc, vpc.enableDnsSupport(), vpc.dnsSupportName(), vpc.dnsSupportDefault(), s),
                read(vpc, vpc.enableDnsHostnames(), vpc.dnsHostnamesName(), vpc.dnsHostnamesDefault(), s))) {
            if (Boolean.FALSE.equals(a.value)) {
                off.add(a.describe());
            }
        }
        return vpc.id() + " has " + String.join(" and ", off);
    }

    /** One DNS attribute in a scenario: a boolean, or why it is unknown. */
    private record Attribute(String name, Boolean value, boolean defaulted, String unknown, Value written) {
        String describe() {
            if (value == null) {
                return name + " unknown";
            }
            return name + " " + value + (defaulted ? " (the default when absent)" : "");
        }
    }

    private static Attribute read(Vpc vpc, Value raw, String name, boolean dflt, Scenario s) {
        Value v = s.pick(raw);
        if (v.isAbsent()) {
            if (vpc.dataSource()) {
                return new Attribute(name, null, false, vpc.id() + " does not show " + name, null);
            }
            return new Attribute(name, dflt, true, null, null);
        }
        Optional<Boolean> b = v.bool();
        if (b.isPresent()) {
            return new Attribute(name, b.get(), false, null, v);
        }
        String why = v instanceof Value.Unknown u ? name + " of " + vpc.id() + ": " + u.describe()
                : name + " of " + vpc.id() + " is " + v.display();
        if (v instanceof Value.Reference r && r.resolved() instanceof Value.Unknown u) {
            why = name + " of " + vpc.id() + ": " + u.describe();
        }
        return new Attribute(name, null, false, why, v);
    }
}
