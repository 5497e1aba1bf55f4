package dev.preflight.policy;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import dev.preflight.policy.PolicyDecision.Decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Service control policy evaluation along an organization path (root, each OU, the account), per the AWS
 * Organizations evaluation rules: an explicit Deny at any level denies; an action is allowed only if every level
 * has an attached SCP that allows it. {@code FullAWSAccess} (Allow {@code *} on {@code *}) is attached at every
 * level unless the inputs show it replaced.
 */
public final class ScpEvaluator {
    /** The AWS-managed {@code FullAWSAccess} policy. */
    public static final PolicyDocument FULL_AWS_ACCESS = fullAwsAccess();

    private ScpEvaluator() {
    }

    /**
     * One level of the path.
     *
     * @param name          "root r-abcd", "OU ou-ab12-cdef", "account 111122223333"
     * @param policies      the SCPs the inputs attach at this level
     * @param fullAwsAccess FullAWSAccess is (assumed) attached here
     * @param complete      the inputs show every SCP attached here; false when some attachment is not known
     *                      (a known-after-apply target, a level outside the inputs)
     */
    public record Level(String name, List<PolicyDocument> policies, boolean fullAwsAccess, boolean complete) {
        public Level {
            policies = List.copyOf(policies);
        }

        List<PolicyDocument> effective() {
            if (!fullAwsAccess) {
                return policies;
            }
            List<PolicyDocument> all = new ArrayList<>(policies);
            all.add(FULL_AWS_ACCESS);
            return all;
        }
    }

    /** The outcome: {@code level} is where it was decided (null for ALLOW), {@code policy} the statement-level detail. */
    public record Outcome(Decision decision, Level level, PolicyDecision policy, String reason) {
    }

    public static Outcome evaluate(List<Level> path, PolicyRequest request) {
        Outcome pendingUnknown = null;
        // An explicit Deny anywhere decides first, whatever the allows.
        for (Level l : path) {
            PolicyDecision d = denyOnly(l.effective(), request);
            if (d.decision() == Decision.DENY) {
                return new Outcome(Decision.DENY, l, d, "at " + l.name() + ": " + d.reason());
            }
            if (d.decision() == Decision.UNKNOWN && pendingUnknown == null) {
                pendingUnknown = new Outcome(Decision.UNKNOWN, l, d, "at " + l.name() + ": " + d.reason());
            }
        }
        for (Level l : path) {
            PolicyDecision a = PolicyEvaluator.evaluate(l.effective(), request);
            if (a.decision() == Decision.DENY && !a.explicitDeny()) {
                if (l.complete()) {
                    return new Outcome(Decision.DENY, l, a, "at " + l.name() + " no attached SCP allows "
                            + request.action() + (l.fullAwsAccess() ? "" : " (FullAWSAccess is not attached there)"));
                }
                if (pendingUnknown == null) {
                    pendingUnknown = new Outcome(Decision.UNKNOWN, l, a, "at " + l.name()
                            + " the SCPs in the inputs do not allow " + request.action()
                            + " and the other SCPs attached there are not in the inputs");
                }
            } else if (a.decision() == Decision.UNKNOWN && a.statement() != null
                    && a.statement().effect() == PolicyStatement.Effect.ALLOW && pendingUnknown == null) {
                pendingUnknown = new Outcome(Decision.UNKNOWN, l, a, "at " + l.name() + ": " + a.reason());
            }
        }
        if (pendingUnknown != null) {
            return pendingUnknown;
        }
        return new Outcome(Decision.ALLOW, null, null, "no SCP on the path denies " + request.action()
                + " and every level allows it");
    }

    /** Only the Deny side of a set of policies: DENY, UNKNOWN (a Deny may apply) or ALLOW (no Deny applies). */
    public static PolicyDecision denyOnly(List<PolicyDocument> documents, PolicyRequest request) {
        List<PolicyDocument> withAllow = new ArrayList<>(documents);
        withAllow.add(FULL_AWS_ACCESS);
        return PolicyEvaluator.evaluate(withAllow, request);
    }

    private static PolicyDocument fullAwsAccess() {
        SourceLocation at = SourceLocation.ofFile("FullAWSAccess");
        Value.Struct stmt = new Value.Struct(Map.of(
                "Effect", new Value.Text("Allow", at),
                "Action", new Value.Text("*", at),
                "Resource", new Value.Text("*", at)), at);
        try {
            return PolicyDocument.from(new Value.Struct(Map.of("Statement", stmt), at));
        } catch (PolicyFormatException e) {
            throw new IllegalStateException(e);
        }
    }
}
