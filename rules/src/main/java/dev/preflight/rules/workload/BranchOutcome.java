package dev.preflight.rules.workload;

import dev.preflight.model.Value;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;
import dev.preflight.rule.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One rule's finding for one alternative of a value, before it becomes a {@link RuleResult}: the verdict, its
 * severity (null = the rule's default), the message, and for UNKNOWN the missing value and its origin. Values that
 * depend on an undecided condition are judged per branch and the worst branch wins, naming the condition.
 */
record BranchOutcome(Verdict verdict, Severity severity, String message, String reason,
                     List<RelatedLocation> related) {
    BranchOutcome {
        related = related == null ? List.of() : List.copyOf(related);
    }

    static BranchOutcome pass(String message, RelatedLocation... related) {
        return new BranchOutcome(Verdict.PASS, null, message, null, List.of(related));
    }

    static BranchOutcome fail(String message, RelatedLocation... related) {
        return new BranchOutcome(Verdict.FAIL, null, message, null, List.of(related));
    }

    static BranchOutcome fail(Severity severity, String message, RelatedLocation... related) {
        return new BranchOutcome(Verdict.FAIL, severity, message, null, List.of(related));
    }

    static BranchOutcome unknown(String message, String reason, RelatedLocation... related) {
        return new BranchOutcome(Verdict.UNKNOWN, null, message, reason, List.of(related));
    }

    static BranchOutcome notApplicable(String message) {
        return new BranchOutcome(Verdict.NOT_APPLICABLE, null, message, null, List.of());
    }

    /** Worse = higher verdict badness; among failures, the more serious severity (default counts as its own). */
    boolean worseThan(BranchOutcome other, Severity defaultSeverity) {
        int a = verdict.badness();
        int b = other.verdict.badness();
        if (a != b) {
            return a > b;
        }
        Severity sa = severity == null ? defaultSeverity : severity;
        Severity sb = other.severity == null ? defaultSeverity : other.severity;
        return sa.ordinal() < sb.ordinal();
    }

    BranchOutcome when(String conditions) {
        if (conditions == null || conditions.isEmpty()) {
            return this;
        }
        return new BranchOutcome(verdict, severity, message + " (" + conditions + ")",
                reason == null ? null : reason + " (" + conditions + ")", related);
    }

    /** Judges every branch of {@code value} (a null value is one absent branch) and keeps the worst. */
    static BranchOutcome worst(Value value, Severity defaultSeverity, Function<Value, BranchOutcome> judge) {
        if (value == null) {
            return judge.apply(null);
        }
        BranchOutcome worst = null;
        for (Value.Branch b : value.branches()) {
            BranchOutcome o = judge.apply(b.value()).when(b.describeConditions());
            if (worst == null || o.worseThan(worst, defaultSeverity)) {
                worst = o;
            }
        }
        return worst;
    }

    RuleResult toResult(RuleMetadata m, Subject subject, List<RelatedLocation> extra) {
        List<RelatedLocation> all = new ArrayList<>(related);
        all.addAll(extra);
        RelatedLocation[] r = all.toArray(new RelatedLocation[0]);
        return switch (verdict) {
            case PASS -> m.pass(subject, message, r);
            case FAIL -> severity == null ? m.fail(subject, message, r) : m.fail(subject, severity, message, r);
            case UNKNOWN -> m.unknown(subject, message, reason, r);
            case NOT_APPLICABLE -> m.notApplicable(subject, message);
        };
    }
}
