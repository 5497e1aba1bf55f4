package dev.preflight.infra.organization;

import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.Value;
import dev.preflight.rule.RuleContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The service control policies of the run and the organization tree they attach to, in both dialects:
 * {@code AWS::Organizations::Policy} ({@code Type}, {@code Content}, {@code TargetIds}),
 * {@code aws_organizations_policy} ({@code type} default {@code SERVICE_CONTROL_POLICY}, {@code content}) with
 * {@code aws_organizations_policy_attachment} ({@code policy_id}, {@code target_id}), and SCP files given with
 * {@code --scp} (type {@code Preflight::ServiceControlPolicy}, which apply to every account of the run). The OU tree
 * comes from {@code AWS::Organizations::OrganizationalUnit.ParentId}, {@code AWS::Organizations::Account.ParentIds},
 * {@code aws_organizations_organizational_unit.parent_id} and {@code aws_organizations_account.parent_id}.
 *
 * <p>Built once per run: {@code ctx.view(ServiceControlPolicies.class, ServiceControlPolicies::build)}.
 */
public final class ServiceControlPolicies {
    public static final String SCP_TYPE = "SERVICE_CONTROL_POLICY";
    public static final String FILE_TYPE = "Preflight::ServiceControlPolicy";
    /** The id AWS gives the managed FullAWSAccess policy in every organization. */
    public static final String FULL_AWS_ACCESS_ID = "p-FullAWSAccess";

    /**
     * One SCP.
     *
     * @param content     the document as written (struct or JSON string), possibly unknown
     * @param typeUnknown why the policy's {@code Type} is not known (it may not be an SCP), or null
     * @param targets     where the inputs attach it; empty when they do not (SCP files: empty, they apply everywhere)
     */
    public record Scp(Resource resource, Value content, String typeUnknown, List<OrgTarget> targets) {
        public Scp {
            targets = List.copyOf(targets);
        }

        public boolean isFile() {
            return resource.dialect() == Dialect.POLICY_FILE;
        }
    }

    private final ResourceGraph graph;
    private final List<Scp> all;
    private final Map<String, List<Scp>> byTarget;
    private final Set<String> fullAwsAccessTargets;
    private final Map<String, List<OrgTarget>> parents;

    private ServiceControlPolicies(ResourceGraph graph, List<Scp> all, Map<String, List<Scp>> byTarget,
                                   Set<String> fullAwsAccessTargets, Map<String, List<OrgTarget>> parents) {
        this.graph = graph;
        this.all = List.copyOf(all);
        this.byTarget = byTarget;
        this.fullAwsAccessTargets = fullAwsAccessTargets;
        this.parents = parents;
    }

    public static ServiceControlPolicies build(RuleContext ctx) {
        return of(ctx.graph());
    }

    public static ServiceControlPolicies of(ResourceGraph g) {
        Map<ResourceKey, List<OrgTarget>> attachments = new LinkedHashMap<>();
        Set<String> fullAccess = new HashSet<>();
        for (Resource a : g.ofType("aws_organizations_policy_attachment")) {
            Value policyId = a.property("policy_id");
            OrgTarget target = OrgTarget.of(g, a.property("target_id"));
            Optional<Resource> policy = g.target(policyId);
            if (policy.isPresent()) {
                attachments.computeIfAbsent(policy.get().key(), k -> new ArrayList<>()).add(target);
            } else if (!policyId.isAbsent() && policyId.text().filter(FULL_AWS_ACCESS_ID::equalsIgnoreCase).isPresent()) {
                fullAccess.add(target.identity());
            }
        }
        List<Scp> all = new ArrayList<>();
        for (Resource r : g.ofType("AWS::Organizations::Policy")) {
            Value type = r.property("Type");
            String typeUnknown = null;
            if (!type.isAbsent() && type.isKnown() && type.text().isPresent()) {
                if (!SCP_TYPE.equals(type.text().get())) {
                    continue;
                }
            } else {
                typeUnknown = "Type is " + (type.isAbsent() ? "not set" : type.display());
            }
            all.add(new Scp(r, r.property("Content"), typeUnknown, targets(g, r.property("TargetIds"))));
        }
        for (Resource r : g.ofType("aws_organizations_policy")) {
            Value type = r.property("type");
            String typeUnknown = null;
            if (!type.isAbsent()) {
                if (type.isKnown() && type.text().isPresent()) {
                    if (!SCP_TYPE.equals(type.text().get())) {
                        continue;
                    }
                } else {
                    typeUnknown = "type is " + type.display();
                }
            }
            all.add(new Scp(r, r.property("content"), typeUnknown, attachments.getOrDefault(r.key(), List.of())));
        }
        for (Resource r : g.ofType(FILE_TYPE)) {
            all.add(new Scp(r, r.property("Content"), null, List.of()));
        }
        Map<String, List<Scp>> byTarget = new LinkedHashMap<>();
        for (Scp s : all) {
            for (OrgTarget t : s.targets()) {
                byTarget.computeIfAbsent(t.identity(), k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, List<OrgTarget>> parents = new LinkedHashMap<>();
        for (Resource r : g.ofType("AWS::Organizations::OrganizationalUnit")) {
            parents.put(OrgTarget.of(g, new Value.Reference(r.key(), null, new Value.Absent(r.location()), r.location())).identity(),
                    List.of(OrgTarget.of(g, r.property("ParentId"))));
        }
        for (Resource r : g.ofType("AWS::Organizations::Account")) {
            parents.put(self(g, r).identity(), targets(g, r.property("ParentIds")));
        }
        for (Resource r : g.ofType("aws_organizations_organizational_unit", "aws_organizations_account")) {
            Value parent = r.property("parent_id");
            if (!parent.isAbsent()) {
                parents.put(self(g, r).identity(), List.of(OrgTarget.of(g, parent)));
            }
        }
        return new ServiceControlPolicies(g, all, byTarget, fullAccess, parents);
    }

    private static OrgTarget self(ResourceGraph g, Resource r) {
        return OrgTarget.of(g, new Value.Reference(r.key(), null, new Value.Absent(r.location()), r.location()));
    }

    private static List<OrgTarget> targets(ResourceGraph g, Value v) {
        List<OrgTarget> out = new ArrayList<>();
        if (v.isAbsent()) {
            return out;
        }
        for (Value.Branch b : v.branches()) {
            Value bv = b.value();
            if (bv instanceof Value.Seq || (bv instanceof Value.Reference r && r.resolved() instanceof Value.Seq)) {
                for (Value item : bv.items()) {
                    for (Value.Branch ib : item.branches()) {
                        if (!ib.value().isAbsent()) {
                            out.add(OrgTarget.of(g, ib.value()));
                        }
                    }
                }
            } else if (!bv.isAbsent()) {
                out.add(OrgTarget.of(g, bv));
            }
        }
        return out;
    }

    public List<Scp> all() {
        return all;
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** The SCPs of the inputs attached at a target. */
    public List<Scp> attachedTo(OrgTarget t) {
        return byTarget.getOrDefault(t.identity(), List.of());
    }

    /** The SCP files given with {@code --scp}: together they are what applies to the run's accounts. */
    public List<Scp> files() {
        return all.stream().filter(Scp::isFile).toList();
    }

    /** True when the inputs explicitly attach the AWS-managed FullAWSAccess policy at the target. */
    public boolean fullAwsAccessAttachedExplicitly(OrgTarget t) {
        return fullAwsAccessTargets.contains(t.identity());
    }

    /**
     * The path from the root down to the given account, when the inputs show every step (the account resource
     * with a known id, each parent up to a root); empty when any step is missing.
     */
    public Optional<List<OrgTarget>> pathOf(String accountId) {
        OrgTarget account = OrgTarget.of(graph, new Value.Text(accountId, dev.preflight.model.SourceLocation.ofFile("--account")));
        List<OrgTarget> path = new ArrayList<>();
        path.add(account);
        OrgTarget at = account;
        Set<String> seen = new HashSet<>();
        while (at.kind() != OrgTarget.Kind.ROOT) {
            if (!seen.add(at.identity())) {
                return Optional.empty();
            }
            List<OrgTarget> ps = parents.get(at.identity());
            if (ps == null && at.resource() != null) {
                ps = parents.get(self(graph, at.resource()).identity());
            }
            if (ps == null || ps.size() != 1 || ps.get(0).kind() == OrgTarget.Kind.UNKNOWN) {
                return Optional.empty();
            }
            at = ps.get(0);
            path.add(0, at);
        }
        return Optional.of(path);
    }

    /** Whether two targets designate the same place (by resource or by literal id). */
    public static boolean same(OrgTarget a, OrgTarget b) {
        if (a.identity().equals(b.identity())) {
            return true;
        }
        return a.id() != null && b.id() != null && a.id().equalsIgnoreCase(b.id());
    }
}
