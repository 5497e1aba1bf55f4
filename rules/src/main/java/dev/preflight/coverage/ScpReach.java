package dev.preflight.coverage;

import dev.preflight.infra.organization.OrgTarget;
import dev.preflight.infra.organization.ServiceControlPolicies;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Verdict;

import java.util.List;
import java.util.Optional;

/**
 * Whether an SCP that fails GD008 reaches the workloads' account. A policy given with {@code --scp} or attached to
 * a root reaches every account; one attached to OUs or accounts reaches the workloads only when {@code --account}
 * and the OU tree in the inputs put the account under a target. Otherwise the prediction is Unknown rather than
 * Unhealthy: the failure is real, but whether it hits these workloads is not known.
 */
final class ScpReach {
    private final RuleContext context;
    private ServiceControlPolicies policies;

    ScpReach(RuleContext context) {
        this.context = context;
    }

    /** The result as the prediction should weigh it: a FAIL that may not reach the account becomes a doubt. */
    RuleResult scoped(RuleResult r) {
        if (!"GD008".equals(r.ruleId()) || r.verdict() != Verdict.FAIL || r.severity() != Severity.ERROR) {
            return r;
        }
        if (policies == null) {
            policies = context.view(ServiceControlPolicies.class, ServiceControlPolicies::build);
        }
        Optional<ServiceControlPolicies.Scp> scp = policies.all().stream()
                .filter(p -> p.resource().key().equals(r.subject().key())).findFirst();
        if (scp.isEmpty() || scp.get().isFile()) {
            return r;
        }
        List<OrgTarget> targets = scp.get().targets();
        if (targets.stream().anyMatch(t -> t.kind() == OrgTarget.Kind.ROOT)) {
            return r;
        }
        Optional<String> account = context.settings().account();
        if (account.isPresent()) {
            Optional<List<OrgTarget>> path = policies.pathOf(account.get());
            if (path.isPresent()) {
                boolean reaches = path.get().stream().anyMatch(p -> targets.stream().anyMatch(t -> ServiceControlPolicies.same(p, t)));
                return reaches ? r : r.withVerdict(Verdict.PASS, r.message());
            }
        }
        String where = targets.stream().map(OrgTarget::display).reduce((a, b) -> a + ", " + b).orElse("no target");
        return new RuleResult(r.ruleId(), Verdict.UNKNOWN, Severity.WARNING, r.subject(), r.message(),
                "SCP " + r.subject().id() + " is attached to " + where + "; whether the workloads' account is under it is not "
                        + "known (give --account and include the OU tree, or pass the SCPs that apply with --scp)",
                r.related(), r.waiver());
    }
}
