package dev.preflight.infra.network;

import java.util.List;
import java.util.Objects;

/**
 * A three-valued answer of the network analysis (does this rule set admit that traffic?) with the words that
 * explain it: for YES the evidence ("EndpointSg ingress tcp 443 from 10.0.0.0/16"), for NO what was found
 * instead, for UNKNOWN the missing value and where it comes from. {@code related} names the resources that
 * decided the answer, for related locations in findings.
 */
public record Decision(Outcome outcome, String explanation, List<String> related) {
    public enum Outcome { YES, NO, UNKNOWN }

    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(explanation, "explanation");
        related = List.copyOf(related);
    }

    public static Decision yes(String evidence) {
        return new Decision(Outcome.YES, evidence, List.of());
    }

    public static Decision no(String explanation) {
        return new Decision(Outcome.NO, explanation, List.of());
    }

    public static Decision unknown(String reason) {
        return new Decision(Outcome.UNKNOWN, reason, List.of());
    }

    public boolean yes() {
        return outcome == Outcome.YES;
    }

    public boolean no() {
        return outcome == Outcome.NO;
    }

    public boolean unknown() {
        return outcome == Outcome.UNKNOWN;
    }

    public Decision withExplanation(String e) {
        return new Decision(outcome, e, related);
    }

    /** Three-valued "or": YES if either is YES, else UNKNOWN if either is, else NO (explanations of the deciding side). */
    public Decision or(Decision other) {
        if (yes()) {
            return this;
        }
        if (other.yes()) {
            return other;
        }
        if (unknown()) {
            return this;
        }
        if (other.unknown()) {
            return other;
        }
        return this;
    }

    /** Three-valued "and": NO if either is NO, else UNKNOWN if either is, else YES. */
    public Decision and(Decision other) {
        if (no()) {
            return this;
        }
        if (other.no()) {
            return other;
        }
        if (unknown()) {
            return this;
        }
        if (other.unknown()) {
            return other;
        }
        return this;
    }
}
