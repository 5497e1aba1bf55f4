package dev.preflight.rules.policy;

import dev.preflight.infra.network.Decision;
import dev.preflight.infra.network.NetworkView;
import dev.preflight.rule.Scenario;
import dev.preflight.infra.network.VpcEndpoint;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;
import dev.preflight.policy.PolicyDecision;
import dev.preflight.policy.PolicyEvaluator;
import dev.preflight.policy.PolicyRequest;
import dev.preflight.policy.PolicySource;
import dev.preflight.rule.ConditionalVerdicts;
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

/**
 * GD006: the policy of each GuardDuty data endpoint ({@code com.amazonaws.<region>.guardduty-data}, FIPS variant
 * included) allows {@code guardduty:SendSecurityTelemetry} for principals of the workload's account
 * ({@code --account}). No policy = the full-access default = PASS. Terraform {@code aws_vpc_endpoint_policy}
 * replaces the endpoint's own {@code policy}. Evaluated with {@link PolicyEvaluator}: a Deny whose condition needs
 * a value the run does not know ({@code aws:PrincipalAccount} without {@code --account}) is UNKNOWN naming the key.
 */
public final class EndpointPolicyAllowsTelemetryRule implements Rule {
    private static final RuleMetadata METADATA = RuleMetadata.rule("GD006")
            .title("Endpoint policy allows telemetry")
            .severity(Severity.ERROR)
            .unhealthy(Stage.TELEMETRY, ConsoleEffect.NO_AGENT_REPORTING, null)
            .tags("network", "endpoint", "policy")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/creating-vpc-endpoint-ec2-agent-manually.html")
            .build();

    @Override
    public RuleMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<RuleResult> evaluate(RuleContext ctx) {
        NetworkView network = ctx.view(NetworkView.class, NetworkView::build);
        PolicyRequest request = PolicyRequest.telemetry(ctx.settings().region(), ctx.settings().account());
        List<RuleResult> out = new ArrayList<>();
        for (VpcEndpoint e : network.endpoints()) {
            // The network view decides what a data endpoint is (GD005 uses the same answer), in the scenarios of the
            // conditions its service name depends on: one where it is a data endpoint makes it a subject
            List<Scenario.Run<Decision>> kinds = Scenario.explore(sc -> network.isDataEndpoint(e, sc));
            boolean data = kinds == null ? network.isDataEndpoint(e, Scenario.allTrue()).yes()
                    : kinds.stream().anyMatch(k -> k.result().yes());
            if (!data) {
                continue;
            }
            Value policy = e.policyDocument();
            Resource holder = e.resource();
            for (Resource p : e.policyResources()) {
                // aws_vpc_endpoint_policy replaces the endpoint's own policy
                policy = p.property("policy");
                holder = p;
            }
            out.add(evaluate(e.resource(), holder, policy, request, ctx.settings().account().orElse(null)));
        }
        return out;
    }

    private RuleResult evaluate(Resource endpoint, Resource holder, Value policy, PolicyRequest request, String account) {
        Subject subject = Subject.of(endpoint);
        String where = holder == endpoint ? "the policy of endpoint " + endpoint.id()
                : "the policy of endpoint " + endpoint.id() + " (set by " + holder.id() + ")";
        String who = account == null ? "the workload account" : "account " + account;
        return ConditionalVerdicts.worst(METADATA, subject, s -> {
            if (!s.exists(endpoint)) {
                return METADATA.notApplicable(subject, endpoint.id() + " is not created");
            }
            if (holder != endpoint && !s.exists(holder)) {
                return METADATA.pass(subject, "endpoint " + endpoint.id() + " has no policy: the default full-access "
                        + "policy allows " + request.action());
            }
            PolicySource.Reading alt = PolicySource.read(policy, s);
            RuleResult r;
            if (alt instanceof PolicySource.Absent) {
                r = METADATA.pass(subject, "endpoint " + endpoint.id() + " has no policy: the default full-access "
                        + "policy allows " + request.action());
            } else if (alt instanceof PolicySource.Undecidable u) {
                r = METADATA.unknown(subject, where + " is not known before deploy, so whether it allows "
                        + request.action() + " cannot be decided", "endpoint policy: " + u.why());
            } else if (alt instanceof PolicySource.Invalid inv) {
                r = METADATA.fail(subject, where + " is not a valid policy document (" + inv.problem()
                        + "); AWS rejects it and the endpoint is not created as written");
            } else {
                PolicyDecision d = PolicyEvaluator.evaluate(((PolicySource.Parsed) alt).document(), request);
                RelatedLocation[] related = d.statement() == null ? new RelatedLocation[0]
                        : new RelatedLocation[]{new RelatedLocation(holder.id(), d.statement().location(),
                        d.statement().describe())};
                r = switch (d.decision()) {
                    case ALLOW -> METADATA.pass(subject, where + " allows " + request.action() + " for " + who
                            + " (" + d.reason() + ")", related);
                    case DENY -> METADATA.fail(subject, where + " does not allow " + request.action() + " for "
                            + who + ": " + d.reason() + "; the agent cannot deliver runtime events", related);
                    case UNKNOWN -> METADATA.unknown(subject, where + ": " + d.reason(),
                            (d.undecided() == null ? "a value" : d.undecided()) + ": "
                                    + PolicyRequest.originOf(d.undecided() == null ? "" : d.undecided()), related);
                };
            }
            return r;
        });
    }
}
