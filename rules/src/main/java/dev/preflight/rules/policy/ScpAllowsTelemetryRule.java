package dev.preflight.rules.policy;

import dev.preflight.infra.organization.OrgTarget;
import dev.preflight.infra.organization.ServiceControlPolicies;
import dev.preflight.infra.organization.ServiceControlPolicies.Scp;
import dev.preflight.policy.PolicyDecision;
import dev.preflight.policy.PolicyDocument;
import dev.preflight.policy.PolicyEvaluator;
import dev.preflight.policy.PolicyRequest;
import dev.preflight.policy.PolicySource;
import dev.preflight.policy.PolicyStatement;
import dev.preflight.policy.ScpEvaluator;
import dev.preflight.rule.ConditionalVerdicts;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.Scenario;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.ConsoleEffect;
import dev.preflight.rule.ConsoleEffect.Stage;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;
import dev.preflight.rule.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GD008: no service control policy that applies to the workloads' accounts denies
 * {@code guardduty:SendSecurityTelemetry}. One result per SCP (policy resource or {@code --scp} file).
 *
 * <p>Deny side: an explicit Deny that applies fails; one under a condition the inputs cannot decide is UNKNOWN
 * naming the key. Allow side (allow-list strategy): FullAWSAccess is attached at every root, OU and account unless
 * the inputs show otherwise; a target where the inputs attach an SCP with Allow statements is read as one where
 * FullAWSAccess was replaced (an extra Allow SCP has no effect while FullAWSAccess is attached), so some SCP attached
 * there must allow the action, unless the inputs attach {@code p-FullAWSAccess} there explicitly. SCP files given with
 * {@code --scp} are read as the set of SCPs that applies to the run's accounts. With {@code --account} and an
 * organization path visible in the inputs, an SCP attached elsewhere passes as not applying to that account; when the
 * path is not visible a visible Deny still fails.
 */
public final class ScpAllowsTelemetryRule implements Rule {
    private static final RuleMetadata METADATA = RuleMetadata.rule("GD008")
            .title("SCPs allow telemetry")
            .severity(Severity.ERROR)
            .unhealthy(Stage.TELEMETRY, ConsoleEffect.NO_AGENT_REPORTING, null)
            .readsAcrossRun("AWS::Organizations::Policy", "AWS::Organizations::OrganizationalUnit",
                    "AWS::Organizations::Account", "aws_organizations_policy", "aws_organizations_policy_attachment",
                    "aws_organizations_organizational_unit", "aws_organizations_account", "aws_organizations_organization")
            .tags("scp", "organizations", "policy")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/prereq-runtime-monitoring-ec2-support.html")
            .build();

    @Override
    public RuleMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<RuleResult> evaluate(RuleContext ctx) {
        ServiceControlPolicies scps = ctx.view(ServiceControlPolicies.class, ServiceControlPolicies::build);
        PolicyRequest request = PolicyRequest.telemetry(ctx.settings().region(), ctx.settings().account());
        List<RuleResult> out = new ArrayList<>();
        for (Scp scp : scps.all()) {
            out.add(evaluate(scp, scps, request, ctx.settings().account()));
        }
        return out;
    }

    private RuleResult evaluate(Scp scp, ServiceControlPolicies scps, PolicyRequest request, Optional<String> account) {
        Subject subject = Subject.of(scp.resource());
        String name = name(scp);
        Scope scope = scope(scp, scps, account);
        if (scope.verdict == Verdict.PASS) {
            return METADATA.pass(subject, name + " does not apply to account " + account.orElse("") + ": "
                    + scope.text);
        }
        RuleResult worst = ConditionalVerdicts.worst(METADATA, subject, s -> s.exists(scp.resource())
                ? alternative(scp, scps, PolicySource.read(scp.content(), s), subject, name, scope, request, s)
                : METADATA.notApplicable(subject, scp.resource().id() + " is not created"));
        if (worst.verdict() == Verdict.FAIL && scp.typeUnknown() != null) {
            return METADATA.unknown(subject, worst.message() + ", if it is a service control policy",
                    scp.typeUnknown() + "; the policy type decides whether it is an SCP");
        }
        return worst;
    }

    private RuleResult alternative(Scp scp, ServiceControlPolicies scps, PolicySource.Reading alt, Subject subject,
                                   String name, Scope scope, PolicyRequest request, Scenario s) {
        if (alt instanceof PolicySource.Undecidable u) {
            return METADATA.unknown(subject, "the content of " + name + " is not known before deploy, so whether it "
                    + "denies " + request.action() + " cannot be decided", "policy content: " + u.why());
        }
        if (alt instanceof PolicySource.Absent) {
            return METADATA.unknown(subject, name + " has no content", "the policy content is not set in the inputs");
        }
        if (alt instanceof PolicySource.Invalid inv) {
            return METADATA.unknown(subject, name + " is not a valid policy document (" + inv.problem()
                    + "); AWS would reject it", "a valid policy content; what applies instead is outside the inputs");
        }
        PolicyDocument doc = ((PolicySource.Parsed) alt).document();
        PolicyDecision deny = ScpEvaluator.denyOnly(List.of(doc), request);
        RelatedLocation[] related = deny.statement() == null ? new RelatedLocation[0]
                : new RelatedLocation[]{new RelatedLocation(scp.resource().id(), deny.statement().location(),
                deny.statement().describe())};
        if (deny.decision() == PolicyDecision.Decision.DENY) {
            return METADATA.fail(subject, name + " " + deny.reason() + " " + scope.text
                    + ": the GuardDuty agent cannot send runtime telemetry", related);
        }
        if (deny.decision() == PolicyDecision.Decision.UNKNOWN) {
            return METADATA.unknown(subject, name + " " + deny.reason() + " " + scope.text,
                    "condition key " + deny.undecided() + ": " + keyOrigin(deny.undecided()), related);
        }
        if (!hasAllow(doc)) {
            return METADATA.pass(subject, name + " does not deny " + request.action() + " " + scope.text
                    + " (deny-list SCP; FullAWSAccess allows the rest)");
        }
        return allowList(scp, scps, doc, subject, name, scope, request, s);
    }

    /** Allow-list analysis: every target where this SCP is attached must have some SCP allowing the action. */
    private RuleResult allowList(Scp scp, ServiceControlPolicies scps, PolicyDocument doc, Subject subject,
                                 String name, Scope scope, PolicyRequest request, Scenario s) {
        PolicyDecision own = PolicyEvaluator.evaluate(allowOnly(List.of(doc)), request);
        if (own.decision() == PolicyDecision.Decision.ALLOW) {
            return METADATA.pass(subject, name + " " + own.reason() + " " + scope.text);
        }
        if (scp.isFile()) {
            List<PolicyDocument> level = parsed(scps.files(), s);
            PolicyDecision a = PolicyEvaluator.evaluate(allowOnly(level), request);
            return levelVerdict(a, subject, name, "in the SCP files given with --scp", request);
        }
        if (scp.targets().isEmpty()) {
            return METADATA.unknown(subject, name + " is an allow-list SCP that does not allow " + request.action()
                    + " and the inputs do not attach it anywhere", "its attachments and the other SCPs at the same "
                    + "level are outside the inputs");
        }
        RuleResult worst = null;
        for (OrgTarget t : scp.targets()) {
            RuleResult r;
            if (scps.fullAwsAccessAttachedExplicitly(t)) {
                r = METADATA.pass(subject, name + " does not deny " + request.action() + "; FullAWSAccess is attached at "
                        + t.display());
            } else if (t.kind() == OrgTarget.Kind.UNKNOWN) {
                r = METADATA.unknown(subject, name + " is an allow-list SCP that does not allow " + request.action()
                        + ", attached at " + t.display(), "the attachment target is not known, so the other SCPs "
                        + "there are not visible");
            } else {
                PolicyDecision a = PolicyEvaluator.evaluate(allowOnly(parsed(scps.attachedTo(t), s)), request);
                r = levelVerdict(a, subject, name, "at " + t.display(), request);
            }
            if (worst == null || r.verdict().badness() > worst.verdict().badness()) {
                worst = r;
            }
        }
        return worst;
    }

    private RuleResult levelVerdict(PolicyDecision a, Subject subject, String name, String where, PolicyRequest request) {
        return switch (a.decision()) {
            case ALLOW -> METADATA.pass(subject, name + " does not allow " + request.action()
                    + " itself, but another SCP " + where + " does (" + a.reason() + ")");
            case UNKNOWN -> METADATA.unknown(subject, name + " is an allow-list SCP; " + where + " " + a.reason(),
                    "condition key " + a.undecided() + ": " + keyOrigin(a.undecided()));
            case DENY -> METADATA.fail(subject, name + " is an allow-list SCP (FullAWSAccess replaced) and no SCP "
                    + where + " allows " + request.action() + ": the GuardDuty agent cannot send runtime telemetry");
        };
    }

    private static String keyOrigin(String key) {
        return key == null ? "not known from the inputs" : PolicyRequest.originOf(key);
    }

    private static boolean hasAllow(PolicyDocument doc) {
        return doc.statements().stream().anyMatch(s -> s.effect() != PolicyStatement.Effect.DENY);
    }

    private static List<PolicyDocument> allowOnly(List<PolicyDocument> docs) {
        List<PolicyDocument> out = new ArrayList<>();
        for (PolicyDocument d : docs) {
            out.add(new PolicyDocument(d.statements().stream()
                    .filter(s -> s.effect() != PolicyStatement.Effect.DENY).toList(), d.location()));
        }
        return out;
    }

    /** The documents of these SCPs in the scenario (an SCP whose Condition does not hold there is left out). */
    private static List<PolicyDocument> parsed(List<Scp> scps, Scenario s) {
        List<PolicyDocument> out = new ArrayList<>();
        for (Scp scp : scps) {
            if (s.exists(scp.resource()) && PolicySource.read(scp.content(), s) instanceof PolicySource.Parsed p) {
                out.add(p.document());
            }
        }
        return out;
    }

    private static String name(Scp scp) {
        return scp.isFile() ? "SCP file " + scp.resource().id() : "SCP " + scp.resource().id();
    }

    /** To whom the SCP applies, as a phrase, and PASS when the inputs show it does not apply to --account. */
    private record Scope(Verdict verdict, String text) {
    }

    private static Scope scope(Scp scp, ServiceControlPolicies scps, Optional<String> account) {
        if (scp.isFile()) {
            return new Scope(Verdict.FAIL, "for every account of the run (SCP file)");
        }
        if (scp.targets().isEmpty()) {
            return new Scope(Verdict.FAIL, "wherever it is attached (the inputs attach it nowhere)");
        }
        String where = "for the accounts under " + String.join(", ", scp.targets().stream().map(OrgTarget::display).toList());
        if (account.isEmpty()) {
            return new Scope(Verdict.FAIL, where);
        }
        Optional<List<OrgTarget>> path = scps.pathOf(account.get());
        boolean maybe = false;
        for (OrgTarget t : scp.targets()) {
            switch (t.kind()) {
                case ROOT -> {
                    return new Scope(Verdict.FAIL, where);
                }
                case ACCOUNT -> {
                    if (t.id() != null && t.id().equals(account.get())) {
                        return new Scope(Verdict.FAIL, "for account " + account.get());
                    }
                    maybe |= t.id() == null;
                }
                case OU -> {
                    if (path.isPresent()) {
                        if (path.get().stream().anyMatch(p -> ServiceControlPolicies.same(p, t))) {
                            return new Scope(Verdict.FAIL, where + ", which contains account " + account.get());
                        }
                    } else {
                        maybe = true;
                    }
                }
                case UNKNOWN -> maybe = true;
            }
        }
        if (maybe) {
            return new Scope(Verdict.FAIL, where + " (whether account " + account.get()
                    + " is among them is not visible in the inputs)");
        }
        String pathText = path.map(p -> "; its path is " + String.join(" > ", p.stream().map(OrgTarget::display).toList()))
                .orElse("");
        return new Scope(Verdict.PASS, "it is attached only to " + String.join(", ",
                scp.targets().stream().map(OrgTarget::display).toList()) + pathText);
    }
}
