package dev.preflight.policy;

/**
 * The outcome of evaluating policies for one request.
 *
 * @param statement  the deciding statement (the explicit Deny, the Allow, or the undecided statement); null for an
 *                   implicit deny (no statement allows)
 * @param document   the document holding {@code statement}, or null
 * @param undecided  for UNKNOWN: the condition key or element the inputs cannot decide ({@code aws:PrincipalAccount},
 *                   {@code Resource}, {@code Principal}, ...); otherwise null
 * @param reason     one phrase explaining the outcome, naming values ("aws:RequestedRegion is not known; give
 *                   --region")
 */
public record PolicyDecision(Decision decision, PolicyStatement statement, PolicyDocument document, String undecided,
                             String reason) {
    public enum Decision { ALLOW, DENY, UNKNOWN }

    /** An explicit Deny statement decided this (as opposed to no Allow at all). */
    public boolean explicitDeny() {
        return decision == Decision.DENY && statement != null;
    }
}
