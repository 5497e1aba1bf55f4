package dev.preflight.rules.workload;

import dev.preflight.infra.LaunchTag;
import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.infra.workload.RolePolicies;
import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;
import dev.preflight.policy.PolicyDecision;
import dev.preflight.policy.PolicyDocument;
import dev.preflight.policy.PolicyEvaluator;
import dev.preflight.policy.PolicyRequest;
import dev.preflight.policy.PolicySource;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.ConsoleEffect;
import dev.preflight.rule.ConsoleEffect.Stage;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Scenario;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GD010: the automated agent is installed through Systems Manager, so the workload must be SSM-managed: an instance
 * profile whose role has {@code AmazonSSMManagedInstanceCore} (any partition; also the broader
 * {@code AmazonEC2RoleforSSM}, {@code AmazonSSMFullAccess}, {@code AdministratorAccess}) or policy statements
 * allowing {@code ssm:UpdateInstanceInformation}, {@code ssmmessages:*} and {@code ec2messages:*} (evaluated with
 * the IAM policy evaluator; wildcards count, an explicit Deny wins). No profile is a warning, not proof: Systems
 * Manager Default Host Management Configuration can manage instances without one, and it is invisible to the inputs.
 *
 * <p>Workloads excluded with exactly {@code GuardDutyManaged=false} (unconditionally) are NOT_APPLICABLE: GuardDuty
 * installs no agent on them, so their SSM access does not matter to coverage. Workloads included with
 * {@code GuardDutyManaged=true} are checked: inclusion also goes through SSM. A profile or role outside the inputs
 * gives UNKNOWN. EKS managed node groups are NOT_APPLICABLE: GuardDuty deploys the agent to EKS nodes as an EKS
 * add-on ({@code how-runtime-monitoring-works-eks.html}), not through Systems Manager; so are self-managed EKS
 * nodes, recognised by a {@code kubernetes.io/cluster/<name>} tag that reaches them.
 */
public final class SsmManagedRule implements Rule {
    static final RuleMetadata METADATA = RuleMetadata.rule("GD010")
            .title("Workload is SSM-managed")
            .severity(Severity.WARNING)
            .unhealthy(Stage.AGENT_DELIVERY, ConsoleEffect.NO_AGENT_REPORTING, "Waiting for SSM notification")
            .tags("ec2", "ssm", "iam")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/prereq-runtime-monitoring-ec2-support.html")
            .build();

    /** Managed policies that include the SSM core permissions. */
    static final Set<String> SSM_MANAGED_POLICIES = Set.of("AmazonSSMManagedInstanceCore", "AmazonEC2RoleforSSM",
            "AmazonSSMFullAccess", "AdministratorAccess", "AmazonSSMManagedEC2InstanceDefaultPolicy");

    /** The calls SSM Agent needs to register and take commands (AmazonSSMManagedInstanceCore's core). */
    static final List<String> CORE_ACTIONS = List.of("ssm:UpdateInstanceInformation",
            "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel", "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage",
            "ec2messages:FailMessage", "ec2messages:GetEndpoint", "ec2messages:GetMessages",
            "ec2messages:SendReply");

    @Override
    public RuleMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<RuleResult> evaluate(RuleContext context) {
        Workloads ws = context.view(Workloads.class, Workloads::build);
        RolePolicies rp = context.view(RolePolicies.class, RolePolicies::build);
        String account = context.settings().account().orElse(null);
        List<RuleResult> out = new ArrayList<>();
        for (Workload w : ws.all()) {
            String who = WorkloadValues.describe(w);
            Subject subject = Subject.of(w.resource());
            Optional<LaunchTag> managed = w.tag(ExclusionTagsIntentionalRule.KEY);
            if (managed.isPresent() && managed.get().value().text().map("false"::equals).orElse(false)) {
                out.add(METADATA.notApplicable(subject, who + " is excluded by GuardDutyManaged=false on "
                        + managed.get().carrier().id() + ": GuardDuty installs no agent, so SSM access does not matter"));
                continue;
            }
            Optional<LaunchTag> eksTag = w.tags().stream()
                    .filter(t -> t.key() != null && t.key().startsWith("kubernetes.io/cluster/")).findFirst();
            if (eksTag.isPresent()) {
                out.add(METADATA.notApplicable(subject, who + " launches EKS nodes (tag " + eksTag.get().key()
                        + "): GuardDuty deploys its agent to EKS nodes as the aws-guardduty-agent EKS add-on, "
                        + "not through Systems Manager"));
                continue;
            }
            if (w.kind() == Workload.Kind.EKS_NODE_GROUP) {
                out.add(METADATA.notApplicable(subject, who + " is an EKS node group: GuardDuty deploys its agent "
                        + "to EKS nodes as the aws-guardduty-agent EKS add-on, not through Systems Manager"));
                continue;
            }
            List<RelatedLocation> related = w.instanceRole() != null
                    ? WorkloadValues.related(ws, w, w.instanceRole(), "node role")
                    : WorkloadValues.related(ws, w, w.instanceProfile(), "instance profile");
            out.add(Judgement.decide(METADATA, w, subject, related, s -> {
                Judge judge = new Judge(rp, account, who, s);
                return w.instanceRole() != null ? judge.role(s.pick(w.instanceRole()), "node role")
                        : judge.profile(s.pick(w.instanceProfile()));
            }));
        }
        return out;
    }

    private static final class Judge {
        private final RolePolicies rp;
        private final String account;
        private final String who;
        private final Scenario s;

        Judge(RolePolicies rp, String account, String who, Scenario s) {
            this.rp = rp;
            this.account = account;
            this.who = who;
            this.s = s;
        }

        Judgement profile(Value v) {
            if (v.isAbsent()) {
                return Judgement.fail(who + " has no instance profile, so it is not SSM-managed and GuardDuty "
                        + "cannot install the agent through Systems Manager (unless Default Host Management "
                        + "Configuration is on for the account)");
            }
            Optional<Resource> profile = rp.profile(v);
            if (profile.isEmpty()) {
                String name = v.text().orElse(null);
                if (name == null) {
                    return Judgement.unknown("the instance profile of " + who + " is not known before deploy",
                            "instance profile: " + WorkloadValues.whyUnknown(v));
                }
                return Judgement.unknown("instance profile '" + name + "' of " + who
                                + " is not defined in the inputs; its role cannot be checked",
                        "instance profile " + name + ": resource outside the inputs");
            }
            Resource p = profile.get();
            List<Value> roles = rp.rolesOf(p);
            if (roles.isEmpty()) {
                return Judgement.fail("instance profile " + p.displayName() + " of " + who + " has no role",
                        RelatedLocation.of(p, "instance profile"));
            }
            Judgement o = role(s.pick(roles.get(0)), "instance profile " + p.id() + " role");
            List<RelatedLocation> rel = new ArrayList<>(o.related());
            rel.add(0, RelatedLocation.of(p, "instance profile"));
            return new Judgement(o.verdict(), o.severity(), o.message(), o.reason(), rel);
        }

        Judgement role(Value v, String via) {
            if (v.isAbsent()) {
                return Judgement.fail(who + " has no role (" + via + " is empty)");
            }
            Optional<Resource> role = rp.role(v);
            if (role.isEmpty()) {
                String name = v.text().orElse(null);
                if (name == null) {
                    return Judgement.unknown("the " + via + " of " + who + " is not known before deploy",
                            via + ": " + WorkloadValues.whyUnknown(v));
                }
                return Judgement.unknown("role '" + name + "' (" + via + ") of " + who
                                + " is not defined in the inputs; its policies cannot be checked",
                        "role " + name + ": resource outside the inputs");
            }
            Resource r = role.get();
            Grant g = grant(r);
            RelatedLocation here = RelatedLocation.of(r, "role");
            return switch (g.state) {
                case YES -> Judgement.pass(who + " can be SSM-managed: role " + r.displayName() + " " + g.how,
                        here);
                case NO -> Judgement.fail("role " + r.displayName() + " (" + via + ") of " + who + " "
                        + g.how + ", so the instances are not SSM-managed and GuardDuty cannot install the agent "
                        + "(unless Default Host Management Configuration is on for the account)", here);
                case UNKNOWN -> Judgement.unknown("whether role " + r.displayName() + " of " + who
                        + " grants the SSM core permissions is not known before deploy", g.how, here);
            };
        }

        private enum State { YES, NO, UNKNOWN }

        private record Grant(State state, String how) {
        }

        private Grant grant(Resource role) {
            String managedGrant = null;
            List<String> unknowns = new ArrayList<>();
            List<PolicyDocument> docs = new ArrayList<>();
            for (RolePolicies.Attached a : rp.policiesOf(role)) {
                if (a.from() != null && !s.exists(a.from())) {
                    continue; // an attachment under an undecided Condition: the scenario decides it
                }
                if (a.arn() != null) {
                    {
                        String cond = "";
                        Value arn = s.pick(a.arn());
                        if (arn.isAbsent()) {
                            continue;
                        }
                        Optional<Resource> customer = rp.managedPolicy(arn);
                        if (customer.isPresent()) {
                            Resource c = customer.get();
                            if (c.dataSource()) {
                                Value name = !c.property("name").isAbsent() ? c.property("name") : c.property("arn");
                                String n = name.isAbsent() ? null : name.text().map(RolePoliciesNames::tail).orElse(null);
                                if (n != null && SSM_MANAGED_POLICIES.contains(n) && cond.isEmpty()) {
                                    managedGrant = "has " + n + " (" + c.id() + ")";
                                } else if (n == null) {
                                    unknowns.add("managed policy " + c.id() + " is not known before deploy");
                                }
                                continue;
                            }
                            addDocuments(c.property(c.dialect() == Dialect.CLOUDFORMATION ? "PolicyDocument" : "policy"),
                                    "managed policy " + c.id(), docs, unknowns);
                            continue;
                        }
                        String ssm = ssmPolicyName(arn);
                        if (ssm != null) {
                            if (cond.isEmpty()) {
                                managedGrant = "has " + ssm + " attached";
                            } else {
                                unknowns.add(ssm + " is attached only" + cond);
                            }
                            continue;
                        }
                        Optional<String> text = arn.text();
                        if (text.isEmpty()) {
                            unknowns.add("managed policy ARN" + cond + ": " + WorkloadValues.whyUnknown(arn));
                        } else if (!text.get().contains(":iam::aws:policy/")) {
                            unknowns.add("managed policy " + text.get() + " is outside the inputs");
                        }
                    }
                } else if (a.document() != null) {
                    addDocuments(a.document(), "policy of " + a.from().id(), docs, unknowns);
                }
            }
            String denied = null;
            List<String> notAllowed = new ArrayList<>();
            String undecided = null;
            for (String action : CORE_ACTIONS) {
                PolicyDecision d = docs.isEmpty() ? null : PolicyEvaluator.evaluate(docs, request(action));
                if (d != null && d.explicitDeny()) {
                    denied = d.reason();
                    break;
                }
                if (d == null || d.decision() == PolicyDecision.Decision.DENY) {
                    notAllowed.add(action);
                } else if (d.decision() == PolicyDecision.Decision.UNKNOWN && undecided == null) {
                    undecided = d.reason();
                }
            }
            if (denied != null) {
                return new Grant(State.NO, "denies an SSM core action: " + denied);
            }
            if (managedGrant != null) {
                return new Grant(State.YES, managedGrant);
            }
            if (notAllowed.isEmpty() && undecided == null) {
                return new Grant(State.YES, "allows ssm:UpdateInstanceInformation, ssmmessages:* and ec2messages:* "
                        + "in its policies");
            }
            if (undecided != null && notAllowed.isEmpty()) {
                return new Grant(State.UNKNOWN, undecided);
            }
            if (!unknowns.isEmpty()) {
                return new Grant(State.UNKNOWN, String.join("; ", unknowns));
            }
            return new Grant(State.NO, "has neither AmazonSSMManagedInstanceCore nor statements allowing "
                    + String.join(", ", abbreviate(notAllowed)));
        }

        private void addDocuments(Value doc, String what, List<PolicyDocument> docs, List<String> unknowns) {
            {
                PolicySource.Reading alt = PolicySource.read(doc, s);
                if (alt instanceof PolicySource.Parsed p) {
                    docs.add(p.document());
                } else if (alt instanceof PolicySource.Undecidable u) {
                    unknowns.add(what + ": " + u.why());
                }
            }
        }

        private PolicyRequest request(String action) {
            Map<String, List<String>> ctx = new HashMap<>();
            if (account != null) {
                ctx.put("aws:PrincipalAccount", List.of(account));
            }
            return new PolicyRequest(action, null, account, ctx);
        }
    }

    /** The SSM-capable AWS managed policy an ARN value names (any partition, or unresolved partition), or null. */
    static String ssmPolicyName(Value arn) {
        String text = arn.text().orElse(null);
        if (text == null && arn instanceof Value.Template t) {
            text = t.pattern("*"); // arn:${AWS::Partition}:iam::aws:policy/... without --region
        }
        if (text == null && arn instanceof Value.Reference r && r.resolved() instanceof Value.Template t) {
            text = t.pattern("*");
        }
        if (text == null) {
            return null; // not known before deploy: the caller says so
        }
        if (!text.contains(":iam::aws:policy/")) {
            return null;
        }
        String name = RolePoliciesNames.tail(text);
        return SSM_MANAGED_POLICIES.contains(name) ? name : null;
    }

    private static List<String> abbreviate(List<String> actions) {
        List<String> out = new ArrayList<>();
        for (String a : actions) {
            String service = a.substring(0, a.indexOf(':')).toLowerCase(Locale.ROOT);
            String shown = service.equals("ssm") ? a : service + ":*";
            if (!out.contains(shown)) {
                out.add(shown);
            }
        }
        return out;
    }

    /** Name at the end of an ARN path. */
    static final class RolePoliciesNames {
        private RolePoliciesNames() {
        }

        static String tail(String s) {
            int slash = s.lastIndexOf('/');
            return slash >= 0 ? s.substring(slash + 1) : s;
        }
    }
}
