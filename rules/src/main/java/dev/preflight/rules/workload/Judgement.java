package dev.preflight.rules.workload;

import dev.preflight.infra.Workload;
import dev.preflight.rule.ConditionalVerdicts;
import dev.preflight.rule.Scenario;
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
 * What a workload rule finds in one scenario, before it becomes a {@link RuleResult}: the verdict, its severity
 * (null = the rule's default), the message, and for UNKNOWN the missing value and its origin. Undecided conditions
 * are not decided here: {@link #decide} runs the judgement per scenario.
 */
record Judgement(Verdict verdict, Severity severity, String message, String reason,
                     List<RelatedLocation> related) {
    Judgement {
        related = related == null ? List.of() : List.copyOf(related);
    }

    static Judgement pass(String message, RelatedLocation... related) {
        return new Judgement(Verdict.PASS, null, message, null, List.of(related));
    }

    static Judgement fail(String message, RelatedLocation... related) {
        return new Judgement(Verdict.FAIL, null, message, null, List.of(related));
    }

    static Judgement fail(Severity severity, String message, RelatedLocation... related) {
        return new Judgement(Verdict.FAIL, severity, message, null, List.of(related));
    }

    static Judgement unknown(String message, String reason, RelatedLocation... related) {
        return new Judgement(Verdict.UNKNOWN, null, message, reason, List.of(related));
    }

    static Judgement notApplicable(String message) {
        return new Judgement(Verdict.NOT_APPLICABLE, null, message, null, List.of());
    }

    /** Worse = higher verdict badness; among failures, the more serious severity (default counts as its own). */
    boolean worseThan(Judgement other, Severity defaultSeverity) {
        int a = verdict.badness();
        int b = other.verdict.badness();
        if (a != b) {
            return a > b;
        }
        Severity sa = severity == null ? defaultSeverity : severity;
        Severity sb = other.severity == null ? defaultSeverity : other.severity;
        return sa.ordinal() < sb.ordinal();
    }

    /**
     * The one verdict for a workload's subject: {@code judge} runs once per combination of the undecided conditions it
     * reads through the scenario (values and the workload's own {@code Condition} together, see
     * {@link ConditionalVerdicts#worst}); where the workload does not exist it is not applicable.
     */
    static RuleResult decide(RuleMetadata m, Workload w, Subject subject, List<RelatedLocation> related,
                             Function<Scenario, Judgement> judge) {
        return ConditionalVerdicts.worst(m, subject, s -> s.exists(w.resource())
                ? judge.apply(s).toResult(m, subject, related)
                : m.notApplicable(subject, w.id() + " is not created"));
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
