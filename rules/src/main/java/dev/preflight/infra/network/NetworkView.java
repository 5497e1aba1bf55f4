package dev.preflight.infra.network;

import dev.preflight.rule.Scenario;
import dev.preflight.infra.Workload;
import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.Value;
import dev.preflight.rule.RuleContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The network of a run, for both dialects: VPCs, subnets, security groups with their complete rule sets, network
 * ACLs, VPC endpoints and prefix lists. Built once per run ({@code ctx.view(NetworkView.class, NetworkView::build)})
 * in one pass over the relevant resource types; standalone rules, ACL entries and associations are indexed by
 * the group, ACL or endpoint they attach to, so evaluating a workload touches only its own groups and subnets.
 *
 * <p>Values stay as written; everything that reads them takes a {@link Scenario} that picks the branches of
 * undecided conditions. A value designating a resource resolves through references and known physical ids
 * ({@link ResourceGraph#target}); anything else is a {@link Lookup#missing} naming the unknown value or the id that
 * no input defines.
 */
public final class NetworkView {
    static final Set<String> VPC_TYPES = Set.of("AWS::EC2::VPC", "aws_vpc", "aws_default_vpc");
    static final Set<String> SUBNET_TYPES = Set.of("AWS::EC2::Subnet", "aws_subnet", "aws_default_subnet");
    static final Set<String> GROUP_TYPES = Set.of("AWS::EC2::SecurityGroup", "aws_security_group",
            "aws_default_security_group");
    static final Set<String> ACL_TYPES = Set.of("AWS::EC2::NetworkAcl", "aws_network_acl", "aws_default_network_acl");
    static final Set<String> PREFIX_LIST_TYPES = Set.of("AWS::EC2::PrefixList", "aws_ec2_managed_prefix_list");

    private static final Pattern DATA_SERVICE = Pattern.compile("\\.guardduty-data(-fips)?$");

    private final ResourceGraph graph;
    private final Map<ResourceKey, Vpc> vpcs = new LinkedHashMap<>();
    private final Map<ResourceKey, Subnet> subnets = new LinkedHashMap<>();
    private final Map<ResourceKey, SecurityGroup> groups = new LinkedHashMap<>();
    private final Map<ResourceKey, SecurityGroup> defaultGroups = new HashMap<>();
    private final Map<String, SecurityGroup> groupsByName = new HashMap<>();
    private final Map<String, List<Resource>> standaloneIngress = new HashMap<>();
    private final Map<String, List<Resource>> standaloneEgress = new HashMap<>();
    private final List<Resource> floatingIngress = new ArrayList<>();
    private final List<Resource> floatingEgress = new ArrayList<>();
    private final List<VpcEndpoint> endpoints = new ArrayList<>();
    private final Map<String, List<VpcEndpoint>> endpointsByVpc = new HashMap<>();
    private final List<VpcEndpoint> endpointsOutsideVpcs = new ArrayList<>();
    private final Map<ResourceKey, List<Resource>> prefixListEntries = new HashMap<>();
    private final NetworkAcls acls;
    private final java.util.concurrent.ConcurrentHashMap<Object, Object> memo =
            new java.util.concurrent.ConcurrentHashMap<>();

    private NetworkView(ResourceGraph graph) {
        this.graph = graph;
        Map<ResourceKey, List<Vpc.SecondaryCidr>> secondary = new HashMap<>();
        for (Resource r : graph.ofType("AWS::EC2::VPCCidrBlock", "aws_vpc_ipv4_cidr_block_association")) {
            Value cidr = r.property(tf(r) ? "cidr_block" : "CidrBlock");
            if (cidr.isAbsent()) {
                continue; // an IPv6 or IPAM association: not an IPv4 block the checks can use
            }
            for (ResourceKey vpc : targetsOfAllBranches(r.property(tf(r) ? "vpc_id" : "VpcId"))) {
                secondary.computeIfAbsent(vpc, k -> new ArrayList<>()).add(new Vpc.SecondaryCidr(r, cidr));
            }
        }
        for (Resource r : graph.ofType("AWS::EC2::VPC", "aws_vpc", "aws_default_vpc")) {
            List<Vpc.SecondaryCidr> extra = new ArrayList<>(secondary.getOrDefault(r.key(), List.of()));
            if (r.dataSource()) {
                for (Value a : r.property("cidr_block_associations").isAbsent() ? List.<Value>of()
                        : r.property("cidr_block_associations").items()) {
                    Value c = a.at("cidr_block");
                    if (!c.isAbsent()) {
                        extra.add(new Vpc.SecondaryCidr(r, c));
                    }
                }
            }
            boolean isTf = tf(r);
            vpcs.put(r.key(), new Vpc(r, r.property(isTf ? "enable_dns_support" : "EnableDnsSupport"),
                    r.property(isTf ? "enable_dns_hostnames" : "EnableDnsHostnames"),
                    r.property(isTf ? "cidr_block" : "CidrBlock"), extra,
                    r.type().equals("aws_default_vpc") || (r.dataSource() && isDefaultFlag(r))));
        }
        for (Resource r : graph.ofType("AWS::EC2::Subnet", "aws_subnet", "aws_default_subnet")) {
            boolean isTf = tf(r);
            subnets.put(r.key(), new Subnet(r, r.property(isTf ? "vpc_id" : "VpcId"),
                    r.property(isTf ? "cidr_block" : "CidrBlock"),
                    r.property(isTf ? "ipv6_cidr_block" : "Ipv6CidrBlock")));
        }
        for (Resource r : graph.ofType("AWS::EC2::SecurityGroup", "aws_security_group", "aws_default_security_group")) {
            SecurityGroup.Kind kind = r.dataSource() ? SecurityGroup.Kind.DATA_SOURCE
                    : switch (r.type()) {
                        case "AWS::EC2::SecurityGroup" -> SecurityGroup.Kind.CLOUDFORMATION;
                        case "aws_default_security_group" -> SecurityGroup.Kind.TERRAFORM_DEFAULT;
                        default -> SecurityGroup.Kind.TERRAFORM;
                    };
            SecurityGroup g = SecurityGroup.declared(r, kind, r.property(tf(r) ? "vpc_id" : "VpcId"));
            groups.put(r.key(), g);
            Value name = r.property(tf(r) ? "name" : "GroupName");
            if (!name.isAbsent()) {
                name.text().ifPresent(n -> groupsByName.putIfAbsent(n, g));
            }
            if (kind == SecurityGroup.Kind.TERRAFORM_DEFAULT) {
                for (ResourceKey vpc : targetsOfAllBranches(g.vpcId())) {
                    defaultGroups.putIfAbsent(vpc, g);
                }
            }
        }
        indexStandalone("AWS::EC2::SecurityGroupIngress", standaloneIngress, floatingIngress);
        indexStandalone("AWS::EC2::SecurityGroupEgress", standaloneEgress, floatingEgress);
        indexStandalone("aws_vpc_security_group_ingress_rule", standaloneIngress, floatingIngress);
        indexStandalone("aws_vpc_security_group_egress_rule", standaloneEgress, floatingEgress);
        for (Resource r : graph.ofType("aws_security_group_rule")) {
            Value type = r.property("type");
            String t = type.isAbsent() ? "" : type.text().orElse("").toLowerCase(Locale.ROOT);
            if (t.equals("egress")) {
                index(r, standaloneEgress, floatingEgress);
            } else if (t.equals("ingress")) {
                index(r, standaloneIngress, floatingIngress);
            } else {
                index(r, standaloneIngress, floatingIngress);
                index(r, standaloneEgress, floatingEgress);
            }
        }
        Map<ResourceKey, List<Resource>> sgAssoc = new HashMap<>();
        Map<ResourceKey, List<Resource>> subnetAssoc = new HashMap<>();
        Map<ResourceKey, List<Resource>> policies = new HashMap<>();
        indexBy("aws_vpc_endpoint_security_group_association", "vpc_endpoint_id", sgAssoc);
        indexBy("aws_vpc_endpoint_subnet_association", "vpc_endpoint_id", subnetAssoc);
        indexBy("aws_vpc_endpoint_policy", "vpc_endpoint_id", policies);
        Map<ResourceKey, List<Resource>> privateDns = new HashMap<>();
        indexBy("aws_vpc_endpoint_private_dns", "vpc_endpoint_id", privateDns);
        for (Resource r : graph.ofType("AWS::EC2::VPCEndpoint", "aws_vpc_endpoint")) {
            if (r.dataSource()) {
                continue;
            }
            endpoints.add(new VpcEndpoint(r, sgAssoc.getOrDefault(r.key(), List.of()),
                    subnetAssoc.getOrDefault(r.key(), List.of()), policies.getOrDefault(r.key(), List.of()),
                    privateDns.getOrDefault(r.key(), List.of())));
        }
        indexBy("aws_ec2_managed_prefix_list_entry", "prefix_list_id", prefixListEntries);
        this.acls = new NetworkAcls(this, graph);
        for (VpcEndpoint e : endpoints) {
            Set<String> seen = new HashSet<>();
            Value vpcId = e.vpcId();
            for (Value.Branch b : vpcId == null ? List.of(new Value.Branch(List.of(), new Value.Absent(
                    e.resource().location()))) : vpcId.branches()) {
                VpcRef ref = vpc(b.value(), Scenario.allTrue(), e.resource().input());
                if (seen.add(ref.identity())) {
                    endpointsByVpc.computeIfAbsent(ref.identity(), k -> new ArrayList<>()).add(e);
                }
                if (ref.vpc() == null && !endpointsOutsideVpcs.contains(e)) {
                    endpointsOutsideVpcs.add(e);
                }
            }
        }
    }

    /** Endpoints that some branch of their {@code VpcId} places in this VPC (check each in the scenario). */
    public List<VpcEndpoint> endpointsIn(VpcRef vpc) {
        return endpointsByVpc.getOrDefault(vpc.identity(), List.of());
    }

    /** Endpoints whose VPC is not a resource of the inputs in some branch: they may be in any such VPC. */
    public List<VpcEndpoint> endpointsWithVpcOutsideInputs() {
        return endpointsOutsideVpcs;
    }

    /** The security groups of an endpoint in a scenario; none given means the default group of its VPC. */
    public List<GroupRef> groupsOf(VpcEndpoint e, Scenario s) {
        List<GroupRef> out = new ArrayList<>();
        for (Value item : s.items(e.securityGroupIds())) {
            out.add(groupRef(item, s));
        }
        for (Resource a : e.securityGroupAssociations()) {
            if (s.exists(a)) {
                out.add(groupRef(a.property("security_group_id"), s));
            }
        }
        if (out.isEmpty()) {
            out.add(defaultGroup(vpc(e.vpcId(), s, e.resource().input())));
        }
        return out;
    }

    /** The subnets of an endpoint in a scenario ({@code SubnetIds}, Terraform subnet associations). */
    public List<Lookup<Subnet>> subnetsOf(VpcEndpoint e, Scenario s) {
        List<Lookup<Subnet>> out = new ArrayList<>();
        for (Value item : s.items(e.subnetIds())) {
            out.add(subnet(item, s));
        }
        for (Resource a : e.subnetAssociations()) {
            if (s.exists(a)) {
                out.add(subnet(a.property("subnet_id"), s));
            }
        }
        return out;
    }

    /** The endpoint as the destination of the agent's connection: its groups and its subnets. */
    public Party partyOf(VpcEndpoint e, VpcRef vpc, Scenario s) {
        List<Party.Place> places = new ArrayList<>();
        for (Lookup<Subnet> sub : subnetsOf(e, s)) {
            places.add(sub.found() ? place(sub.value(), vpc, s) : somewhereIn(vpc, "an unknown subnet of " + e.id(),
                    sub.missing(), s));
        }
        if (places.isEmpty()) {
            places.add(Party.Place.unknown(e.id(), "endpoint " + e.id() + " names no subnet"));
        }
        return new Party("endpoint " + e.id(), groupsOf(e, s), places);
    }

    /**
     * A computation over the view, cached when it consulted no undecided condition (then its result holds in
     * every scenario). Keeps rule evaluation linear: every workload of a VPC shares its endpoint's rule set.
     */
    @SuppressWarnings("unchecked")
    <T> T memo(Object key, Scenario s, java.util.function.Supplier<T> compute) {
        Object cached = memo.get(key);
        if (cached != null) {
            return (T) cached;
        }
        int before = s.consultations();
        T result = compute.get();
        if (result != null && s.consultations() == before) {
            memo.putIfAbsent(key, result);
        }
        return result;
    }

    public static NetworkView build(RuleContext ctx) {
        return of(ctx.graph());
    }

    /** The view of a graph without a rule context (tests). */
    public static NetworkView of(ResourceGraph graph) {
        return new NetworkView(graph);
    }

    public ResourceGraph graph() {
        return graph;
    }

    public List<Vpc> vpcs() {
        return List.copyOf(vpcs.values());
    }

    public List<VpcEndpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    public NetworkAcls acls() {
        return acls;
    }

    static boolean tf(Resource r) {
        return r.dialect() == Dialect.TERRAFORM;
    }

    private static boolean isDefaultFlag(Resource r) {
        Value d = r.property("default");
        return !d.isAbsent() && d.bool().orElse(false);
    }

    /** Keys of the graph resources that some branch of the value designates. */
    List<ResourceKey> targetsOfAllBranches(Value v) {
        if (v == null) {
            return List.of();
        }
        List<ResourceKey> out = new ArrayList<>();
        for (Value.Branch b : v.branches()) {
            graph.target(b.value()).ifPresent(r -> out.add(r.key()));
        }
        return out;
    }

    private void indexBy(String type, String property, Map<ResourceKey, List<Resource>> into) {
        for (Resource r : graph.ofType(type)) {
            for (ResourceKey k : targetsOfAllBranches(r.property(property))) {
                into.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            }
        }
    }

    private void indexStandalone(String type, Map<String, List<Resource>> into, List<Resource> floating) {
        for (Resource r : graph.ofType(type)) {
            index(r, into, floating);
        }
    }

    /** Index a standalone rule under every group some branch of its group value designates. */
    private void index(Resource rule, Map<String, List<Resource>> into, List<Resource> floating) {
        Value g = standaloneGroupValue(rule);
        boolean placed = false;
        boolean unresolved = g == null;
        Set<String> seen = new HashSet<>();
        if (g != null) {
            for (Value.Branch b : g.branches()) {
                GroupRef ref = groupRef(b.value(), null);
                if (ref.known()) {
                    if (seen.add(ref.identity())) {
                        into.computeIfAbsent(ref.identity(), k -> new ArrayList<>()).add(rule);
                    }
                    placed = true;
                } else {
                    unresolved = true;
                }
            }
        }
        if (unresolved || !placed) {
            floating.add(rule);
        }
    }

    /** {@code GroupId} (else {@code GroupName}) or {@code security_group_id} of a standalone rule. */
    static Value standaloneGroupValue(Resource rule) {
        if (tf(rule)) {
            return rule.property("security_group_id");
        }
        Value id = rule.property("GroupId");
        return !id.isAbsent() ? id : rule.property("GroupName");
    }

    List<Resource> standalone(SecurityGroupRule.Direction d, String groupIdentity) {
        return (d == SecurityGroupRule.Direction.INGRESS ? standaloneIngress : standaloneEgress)
                .getOrDefault(groupIdentity, List.of());
    }

    /** Standalone rules whose group cannot be resolved: they may add rules to any group. */
    List<Resource> floating(SecurityGroupRule.Direction d) {
        return d == SecurityGroupRule.Direction.INGRESS ? floatingIngress : floatingEgress;
    }

    List<Resource> prefixListEntries(ResourceKey list) {
        return prefixListEntries.getOrDefault(list, List.of());
    }

    // ---- lookups ----

    /** The VPC a {@code VpcId}-like value designates (conditionals picked by the scenario). */
    public VpcRef vpc(Value value, Scenario s, String input) {
        Value v = s.pick(value);
        if (v.isAbsent()) {
            return VpcRef.unknown(input, "no VPC is given, so the default VPC (outside the inputs) is used");
        }
        Optional<Resource> target = graph.target(v);
        if (target.isPresent()) {
            Resource t = target.get();
            Vpc vpc = vpcs.get(t.key());
            if (vpc != null) {
                return VpcRef.of(vpc);
            }
            Subnet sub = subnets.get(t.key());
            if (sub != null) {
                return vpc(sub.vpcId(), s, t.input());
            }
            SecurityGroup g = groups.get(t.key());
            if (g != null && g.vpcId() != null) {
                return vpc(g.vpcId(), s, t.input());
            }
        }
        return outsideVpc(v, input);
    }

    private VpcRef outsideVpc(Value v, String input) {
        if (v instanceof Value.Reference r) {
            Optional<String> text = r.resolved().text();
            if (text.isPresent()) {
                return VpcRef.physical(text.get());
            }
            String why = r.resolved() instanceof Value.Unknown u ? u.describe()
                    : r.target().id() + " is not a VPC of the inputs";
            return VpcRef.unknown(input, why);
        }
        if (v instanceof Value.Unknown u) {
            return VpcRef.unknown(input, u.describe());
        }
        return v.text().map(VpcRef::physical)
                .orElseGet(() -> VpcRef.unknown(input, "VPC value " + v.display() + " is not a VPC id"));
    }

    /** The subnet a {@code SubnetId}-like value designates. */
    public Lookup<Subnet> subnet(Value value, Scenario s) {
        Value v = s.pick(value);
        if (v.isAbsent()) {
            return Lookup.missing("no subnet is given");
        }
        Optional<Resource> target = graph.target(v);
        if (target.isPresent() && subnets.containsKey(target.get().key())) {
            return Lookup.found(subnets.get(target.get().key()));
        }
        List<Resource> candidates = candidates(v, subnets.keySet());
        if (!candidates.isEmpty()) {
            int i = s.choose("the subnet " + v.display(), candidates.stream().map(Resource::id).toList());
            return Lookup.found(subnets.get(candidates.get(i).key()));
        }
        return Lookup.missing(outsideWhy(v, "subnet"));
    }

    /**
     * The resources an unknown value is "one of" (Terraform: {@code var.x ? aws_subnet.a.id : aws_subnet.b.id}),
     * those of them that are among {@code known} (the subnets or groups of the inputs); none when a referenced
     * resource is outside the inputs or fewer than two candidates remain.
     */
    private List<Resource> candidates(Value v, java.util.Set<ResourceKey> known) {
        Value u = v instanceof Value.Reference r ? r.resolved() : v;
        if (!(u instanceof Value.Unknown unknown)
                || !(unknown.origin().root() instanceof dev.preflight.model.UnknownOrigin.KnownAfterApply k)
                || k.relation() != dev.preflight.model.UnknownOrigin.KnownAfterApply.Relation.ONE_OF) {
            return List.of();
        }
        String input = inputOf(k, v);
        if (input == null) {
            return List.of();
        }
        List<Resource> out = new ArrayList<>();
        for (dev.preflight.model.UnknownOrigin.Address a : k.from()) {
            Optional<Resource> r = graph.get(new ResourceKey(input, a.address()));
            if (r.isEmpty()) {
                return List.of(); // a candidate outside the inputs: the choice stays unknown
            }
            if (known.contains(r.get().key())) {
                out.add(r.get()); // other resources the expression reads (a VPC id in the condition) are no candidates
            }
        }
        return out.size() >= 2 ? out : List.of();
    }

    /**
     * The input a Terraform unknown belongs to: the file it is written in (a plan), else the one input that has
     * its resource (a plan placed at its {@code .tf} lines writes the value in a {@code .tf} file); null when
     * none or several do.
     */
    private String inputOf(dev.preflight.model.UnknownOrigin.KnownAfterApply k, Value v) {
        if (v.location() != null && graph.get(new ResourceKey(v.location().file(), k.address())).isPresent()) {
            return v.location().file();
        }
        String found = null;
        for (dev.preflight.model.InputDocument d : graph.inputs()) {
            if (graph.get(new ResourceKey(d.file(), k.address())).isPresent()) {
                if (found != null) {
                    return null;
                }
                found = d.file();
            }
        }
        return found;
    }

    /** Why a value designates nothing of the inputs, for UNKNOWN reasons. */
    static String outsideWhy(Value v, String what) {
        if (v instanceof Value.Unknown u) {
            return what + " " + u.describe();
        }
        if (v instanceof Value.Reference r) {
            if (r.resolved() instanceof Value.Unknown u) {
                return what + " " + r.target().id() + " is outside the inputs (" + u.describe() + ")";
            }
            return what + " " + r.display() + " is not defined in the inputs";
        }
        return v.text().map(t -> what + " " + t + " is not defined in the inputs")
                .orElse(what + " " + v.display() + " is not known");
    }

    /**
     * The group a security-group value designates. A value already picked by a scenario is expected (no
     * conditional); {@code s} may be null while indexing.
     */
    public GroupRef groupRef(Value value, Scenario s) {
        Value v = s == null ? value : s.pick(value);
        if (v.isAbsent()) {
            return GroupRef.unknown("absent", "no security group is given");
        }
        if (v instanceof Value.Conditional c) {
            return GroupRef.unknown(v.display(), "security group depends on condition " + c.condition());
        }
        Optional<Resource> target = graph.target(v);
        if (target.isPresent()) {
            Resource t = target.get();
            SecurityGroup g = groups.get(t.key());
            if (g != null) {
                return GroupRef.of(g);
            }
            Vpc vpc = vpcs.get(t.key());
            if (vpc != null && v instanceof Value.Reference r && r.attribute() != null
                    && (r.attribute().equals("DefaultSecurityGroup")
                    || r.attribute().equals("default_security_group_id"))) {
                return GroupRef.of(defaultGroup(vpc));
            }
            return GroupRef.unknown(v.display(), t.id() + " (" + t.type() + ") is not a security group");
        }
        if (v instanceof Value.Unknown u) {
            List<Resource> candidates = s == null ? List.of() : candidates(v, groups.keySet());
            if (!candidates.isEmpty()) {
                int i = s.choose("the security group " + v.display(), candidates.stream().map(Resource::id).toList());
                return GroupRef.of(groups.get(candidates.get(i).key()));
            }
            return GroupRef.unknown(v.display(), "security group " + u.describe());
        }
        if (v instanceof Value.Reference r) {
            Optional<String> text = r.resolved().text();
            if (text.isPresent()) {
                return physicalGroup(text.get());
            }
            return GroupRef.unknown(r.target().id(), outsideWhy(v, "security group"));
        }
        Optional<String> text = v.text();
        if (text.isEmpty()) {
            return GroupRef.unknown(v.display(), "security group value " + v.display() + " is not an id");
        }
        return physicalGroup(text.get());
    }

    private GroupRef physicalGroup(String text) {
        if (!text.startsWith("sg-")) {
            SecurityGroup byName = groupsByName.get(text);
            if (byName != null) {
                return GroupRef.of(byName);
            }
        }
        return GroupRef.physical(text);
    }

    /** The default security group of a VPC of the inputs (managed by {@code aws_default_security_group} or AWS's). */
    public SecurityGroup defaultGroup(Vpc vpc) {
        SecurityGroup managed = defaultGroups.get(vpc.resource().key());
        return managed != null ? managed : SecurityGroup.vpcDefault(vpc);
    }

    /** The default security group of a VPC, resolved or unknown. */
    public GroupRef defaultGroup(VpcRef vpc) {
        if (vpc.vpc() != null && !vpc.vpc().dataSource()) {
            return GroupRef.of(defaultGroup(vpc.vpc()));
        }
        return GroupRef.unknown("the default security group of " + vpc.display(),
                "the default security group of " + vpc.display() + " is not in the inputs ("
                        + (vpc.outside() != null ? vpc.outside() : "data source") + ")");
    }

    /** The prefix list a value designates, when the inputs define it. */
    Optional<Resource> prefixList(Value v) {
        return graph.target(v).filter(r -> PREFIX_LIST_TYPES.contains(r.type()) && !r.dataSource());
    }

    /** The IPv4 blocks of a VPC in a scenario, or why they are unknown. */
    public Lookup<List<Cidr>> vpcCidrs(VpcRef ref, Scenario s) {
        if (ref.vpc() == null) {
            return Lookup.missing("the CIDR of " + ref.display() + " is unknown (" + ref.outside() + ")");
        }
        Vpc vpc = ref.vpc();
        List<Cidr> out = new ArrayList<>();
        Value primary = s.pick(vpc.cidrBlock());
        if (primary.isAbsent()) {
            return Lookup.missing("VPC " + vpc.id() + " has no CidrBlock (allocated at deploy, e.g. from IPAM)");
        }
        Optional<String> t = primary.text();
        if (t.isEmpty()) {
            return Lookup.missing("the CIDR of VPC " + vpc.id() + " is " + primary.display());
        }
        Optional<Cidr> c = Cidr.parse(t.get());
        if (c.isEmpty()) {
            return Lookup.missing("the CIDR of VPC " + vpc.id() + " is not a CIDR: " + t.get());
        }
        out.add(c.get());
        for (Vpc.SecondaryCidr sc : vpc.secondaryCidrs()) {
            if (sc.declaredBy() != vpc.resource() && !s.exists(sc.declaredBy())) {
                continue;
            }
            Value sv = s.pick(sc.cidr());
            Optional<Cidr> c2 = sv == null ? Optional.empty() : sv.text().flatMap(Cidr::parse);
            if (c2.isEmpty()) {
                return Lookup.missing("the secondary CIDR " + sc.declaredBy().id() + " of VPC " + vpc.id() + " is "
                        + (sv == null ? "absent" : sv.display()));
            }
            if (!out.contains(c2.get())) {
                out.add(c2.get());
            }
        }
        return Lookup.found(out);
    }

    /**
     * Whether the endpoint's service is the GuardDuty data plane ({@code com.amazonaws.<region>.guardduty-data} or
     * {@code -fips}). A service name with an unknown region still decides when its literal part is known: loaders
     * keep a partially known string ({@code !Sub}, {@code Fn::Join}, Terraform interpolation) as a
     * {@link Value.Template}, whose known suffix is matched. The control-plane
     * {@code ...guardduty} endpoint is not a data endpoint.
     */
    public Decision isDataEndpoint(VpcEndpoint e, Scenario s) {
        Value v = s.pick(e.serviceName());
        if (v.isAbsent()) {
            return Decision.no("endpoint " + e.id() + " has no service name");
        }
        Optional<String> text = v.text();
        if (text.isPresent()) {
            String n = text.get().trim().toLowerCase(Locale.ROOT);
            return DATA_SERVICE.matcher(n).find() ? Decision.yes("service " + text.get())
                    : Decision.no("service " + text.get());
        }
        if (v instanceof Value.Template t) {
            String pattern = t.pattern("*").trim().toLowerCase(Locale.ROOT);
            if (DATA_SERVICE.matcher(pattern).find()) {
                return Decision.yes("service " + t.pattern("<region>"));
            }
            // The known text after the last unknown part decides, unless it could still end a data service name.
            Value last = t.parts().isEmpty() ? null : t.parts().get(t.parts().size() - 1);
            String tail = last instanceof Value.Text x ? x.value().toLowerCase(Locale.ROOT) : "";
            if (tail.isEmpty() || ".guardduty-data".endsWith(tail) || ".guardduty-data-fips".endsWith(tail)) {
                return Decision.unknown("the service name of endpoint " + e.id() + " is " + t.display());
            }
            return Decision.no("service " + t.display());
        }
        String detail = v instanceof Value.Unknown u ? u.describe()
                : v instanceof Value.Reference r && r.resolved() instanceof Value.Unknown u ? u.describe() : null;
        if (detail != null) {
            return Decision.unknown("the service name of endpoint " + e.id() + " is unknown: " + detail);
        }
        return Decision.unknown("the service name of endpoint " + e.id() + " is " + v.display());
    }

    // ---- workloads ----

    /**
     * The VPC a workload runs in: its subnets' VPC, else its security groups' VPC, else unknown (no subnet means
     * the default VPC, which no input defines).
     */
    public VpcRef vpcOf(Workload w, Scenario s) {
        String input = w.resource().input();
        String firstMissing = null;
        for (Value sv : w.subnets()) {
            for (Value item : s.items(sv)) {
                Lookup<Subnet> sub = subnet(item, s);
                if (sub.found()) {
                    return vpc(sub.value().vpcId(), s, sub.value().resource().input());
                }
                if (firstMissing == null) {
                    firstMissing = sub.missing();
                }
            }
        }
        for (Value gv : w.securityGroups()) {
            for (Value item : s.items(gv)) {
                GroupRef g = groupRef(item, s);
                if (g.group() != null && g.group().vpcId() != null && !s.absent(g.group().vpcId())) {
                    return vpc(g.group().vpcId(), s, g.group().resource().input());
                }
            }
        }
        if (firstMissing != null) {
            return VpcRef.unknown(input, firstMissing);
        }
        return VpcRef.unknown(input, w.id() + " names no subnet, so it launches in the default VPC, which no input "
                + "defines");
    }

    /** The security groups of a workload; none means the default group of its VPC. */
    public List<GroupRef> groupsOf(Workload w, VpcRef vpc, Scenario s) {
        List<GroupRef> out = new ArrayList<>();
        for (Value gv : w.securityGroups()) {
            for (Value item : s.items(gv)) {
                out.add(groupRef(item, s));
            }
        }
        if (out.isEmpty()) {
            out.add(defaultGroup(vpc));
        }
        return out;
    }

    /** The workload as a party of a connection: its groups and one place per subnet. */
    public Party partyOf(Workload w, VpcRef vpc, Scenario s) {
        List<Party.Place> places = new ArrayList<>();
        for (Value sv : w.subnets()) {
            for (Value item : s.items(sv)) {
                Lookup<Subnet> sub = subnet(item, s);
                places.add(sub.found() ? place(sub.value(), vpc, s)
                        : somewhereIn(vpc, "an unknown subnet", sub.missing(), s));
            }
        }
        if (places.isEmpty()) {
            places.add(Party.Place.unknown("the default VPC", w.id() + " names no subnet, so it launches in the "
                    + "default VPC, which no input defines"));
        }
        return new Party(w.id(), groupsOf(w, vpc, s), places);
    }

    /**
     * A place known only to be in a VPC (a subnet that is a parameter or an import, in a VPC known from the security
     * groups: AWS requires both in the same VPC): somewhere within the VPC's CIDRs, or unknown.
     */
    public Party.Place somewhereIn(VpcRef vpc, String name, String why, Scenario s) {
        Lookup<List<Cidr>> vc = vpcCidrs(vpc, s);
        return vc.found() ? Party.Place.within(name, vc.value(), why) : Party.Place.unknown(name, why);
    }

    /** A subnet's addresses: its IPv4 block (IPv6 for an IPv6-only subnet), else somewhere in its VPC. */
    public Party.Place place(Subnet sub, VpcRef vpc, Scenario s) {
        Value c = s.pick(sub.cidrBlock());
        Optional<Cidr> cidr = c == null ? Optional.empty() : c.text().flatMap(Cidr::parse);
        if (c.isAbsent()) {
            Value v6 = s.pick(sub.ipv6CidrBlock());
            Optional<Cidr> c6 = v6 == null ? Optional.empty() : v6.text().flatMap(Cidr::parse);
            if (c6.isPresent()) {
                return Party.Place.exact(sub.id(), List.of(c6.get()));
            }
        }
        if (cidr.isPresent()) {
            return Party.Place.exact(sub.id(), List.of(cidr.get()));
        }
        String why = "the CIDR of subnet " + sub.id() + " is " + (c == null ? "absent" : c.display());
        Lookup<List<Cidr>> vc = vpcCidrs(vpc, s);
        return vc.found() ? Party.Place.within(sub.id(), vc.value(), why) : Party.Place.unknown(sub.id(), why);
    }
}
