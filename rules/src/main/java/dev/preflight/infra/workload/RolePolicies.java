package dev.preflight.infra.workload;

import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.Value;
import dev.preflight.rule.RuleContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instance profiles, their roles, and every policy attached to each role, in both dialects, indexed once per run
 * (linear in the number of resources).
 *
 * <p>CloudFormation: {@code AWS::IAM::InstanceProfile.Roles}; {@code AWS::IAM::Role.ManagedPolicyArns} and inline
 * {@code Policies[].PolicyDocument}; {@code AWS::IAM::Policy} and {@code AWS::IAM::ManagedPolicy} naming the role in
 * {@code Roles}. Terraform: {@code aws_iam_instance_profile.role}; {@code aws_iam_role.managed_policy_arns} and
 * {@code inline_policy[].policy}; {@code aws_iam_role_policy_attachment} ({@code role}, {@code policy_arn}),
 * {@code aws_iam_policy_attachment} ({@code roles}), {@code aws_iam_role_policy} ({@code role}, {@code policy}),
 * {@code aws_iam_role_policies_exclusive}-style resources are not read. Roles and profiles are found by reference,
 * by name, or by the name at the end of an ARN.
 */
public final class RolePolicies {
    /**
     * One policy attached to a role: a managed policy ARN (AWS-managed or outside the inputs) or a document.
     *
     * @param arn      the managed policy ARN as written (text, reference, unknown), or null for a document
     * @param document the policy document (struct or JSON string, possibly conditional; Absent when an inline policy
     *                 has none), or null for an ARN
     * @param from     the resource where the attachment is written
     */
    public record Attached(Value arn, Value document, Resource from) {
    }

    private final ResourceGraph graph;
    private final Map<String, Resource> profilesByName = new HashMap<>();
    private final Map<String, Resource> rolesByName = new HashMap<>();
    private final Map<ResourceKey, List<Attached>> attachedByRole = new HashMap<>();

    private RolePolicies(ResourceGraph graph) {
        this.graph = graph;
        for (Resource p : graph.ofType("AWS::IAM::InstanceProfile")) {
            index(profilesByName, p, "InstanceProfileName");
        }
        for (Resource p : graph.ofType("aws_iam_instance_profile")) {
            index(profilesByName, p, "name");
        }
        for (Resource r : graph.ofType("AWS::IAM::Role")) {
            index(rolesByName, r, "RoleName");
        }
        for (Resource r : graph.ofType("aws_iam_role")) {
            index(rolesByName, r, "name");
        }
        for (Resource p : graph.ofType("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            for (Value role : items(p.property("Roles"))) {
                attach(role, new Attached(null, p.property("PolicyDocument"), p));
            }
        }
        for (Resource a : graph.ofType("aws_iam_role_policy_attachment")) {
            attach(a.property("role"), new Attached(a.property("policy_arn"), null, a));
        }
        for (Resource a : graph.ofType("aws_iam_policy_attachment")) {
            for (Value role : items(a.property("roles"))) {
                attach(role, new Attached(a.property("policy_arn"), null, a));
            }
        }
        for (Resource p : graph.ofType("aws_iam_role_policy")) {
            attach(p.property("role"), new Attached(null, p.property("policy"), p));
        }
    }

    public static RolePolicies build(RuleContext ctx) {
        return new RolePolicies(ctx.graph());
    }

    public static RolePolicies of(ResourceGraph graph) {
        return new RolePolicies(graph);
    }

    /** The instance profile a value designates (reference, name or ARN), if the inputs define it. */
    public Optional<Resource> profile(Value v) {
        return find(v, profilesByName, "AWS::IAM::InstanceProfile", "aws_iam_instance_profile");
    }

    /** The role a value designates (reference, name or ARN), if the inputs define it. */
    public Optional<Resource> role(Value v) {
        return find(v, rolesByName, "AWS::IAM::Role", "aws_iam_role");
    }

    /** The values designating the roles of an instance profile (at most one in AWS). */
    public List<Value> rolesOf(Resource profile) {
        if (profile.dialect() == Dialect.CLOUDFORMATION) {
            return items(profile.property("Roles"));
        }
        Value r = profile.property("role");
        return r.isAbsent() ? List.of() : List.of(r);
    }

    /** Every policy attached to the role: its own managed ARNs and inline documents, then separate resources. */
    public List<Attached> policiesOf(Resource role) {
        List<Attached> out = new ArrayList<>();
        boolean cfn = role.dialect() == Dialect.CLOUDFORMATION;
        for (Value arn : items(role.property(cfn ? "ManagedPolicyArns" : "managed_policy_arns"))) {
            out.add(new Attached(arn, null, role));
        }
        if (cfn) {
            for (Value p : items(role.property("Policies"))) {
                out.add(new Attached(null, p.at("PolicyDocument"), role));
            }
        } else {
            for (Value p : items(role.property("inline_policy"))) {
                Value doc = p.at("policy");
                if (!doc.isAbsent()) {
                    out.add(new Attached(null, doc, role));
                }
            }
        }
        out.addAll(attachedByRole.getOrDefault(role.key(), List.of()));
        return out;
    }

    /** A customer managed policy resource an ARN value designates ({@code AWS::IAM::ManagedPolicy}, {@code aws_iam_policy}). */
    public Optional<Resource> managedPolicy(Value arn) {
        // Terraform data sources keep their type (aws_iam_policy) with dataSource set.
        return graph.target(arn).filter(r -> r.type().equals("AWS::IAM::ManagedPolicy")
                || r.type().equals("aws_iam_policy"));
    }

    private void attach(Value roleValue, Attached a) {
        role(roleValue).ifPresent(r -> attachedByRole.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(a));
    }

    private Optional<Resource> find(Value v, Map<String, Resource> byName, String cfnType, String tfType) {
        if (v.isAbsent()) {
            return Optional.empty();
        }
        Optional<Resource> t = graph.target(v);
        if (t.isPresent() && (t.get().type().equals(cfnType) || t.get().type().equals(tfType))) {
            return t;
        }
        return v.text().map(RolePolicies::nameOf).map(byName::get);
    }

    /** {@code arn:aws:iam::123:instance-profile/path/name} -> {@code name}; a plain name stays as it is. */
    static String nameOf(String s) {
        int slash = s.lastIndexOf('/');
        return s.startsWith("arn:") && slash >= 0 ? s.substring(slash + 1) : s;
    }

    private static void index(Map<String, Resource> m, Resource r, String nameProperty) {
        Value v = r.property(nameProperty);
        if (!v.isAbsent()) {
            v.text().filter(s -> !s.isEmpty()).ifPresent(s -> m.putIfAbsent(s, r));
        }
    }

    private static List<Value> items(Value v) {
        if (v.isAbsent()) {
            return List.of();
        }
        if (v instanceof Value.Seq s) {
            return s.items();
        }
        if (v instanceof Value.Reference r && r.resolved() instanceof Value.Seq s) {
            return s.items();
        }
        return List.of(v);
    }
}
