package dev.preflight.rule;

import dev.preflight.rule.Scenario;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Subject;
import dev.preflight.rule.Verdict;

import java.util.List;
import java.util.function.Function;

/**
 * One verdict per subject when undecided conditions are involved: the evaluation runs once per combination of the
 * conditions it reads ({@link Scenario#explore}) and the worst verdict wins, its message prefixed with the
 * conditions that lead to it ("When IsProd is false: ...").
 */
public final class ConditionalVerdicts {
    private ConditionalVerdicts() {
    }

    public static RuleResult worst(RuleMetadata meta, Subject subject, Function<Scenario, RuleResult> evaluation) {
        List<Scenario.Run<RuleResult>> runs = Scenario.explore(evaluation);
        if (runs == null) {
            return meta.unknown(subject, subject.id() + " depends on more than " + Scenario.MAX_COMBINATIONS
                            + " combinations of undecided conditions",
                    "too many undecided conditions; give them with --parameter");
        }
        Scenario.Run<RuleResult> worst = runs.get(0);
        boolean allSame = true;
        for (Scenario.Run<RuleResult> r : runs) {
            if (r.result().verdict() != worst.result().verdict() || r.result().severity() != worst.result().severity()) {
                allSame = false;
            }
            if (worse(r.result(), worst.result())) {
                worst = r;
            }
        }
        RuleResult result = worst.result();
        if (!allSame && worst.scenario().conditional()) {
            String when = worst.scenario().describe();
            result = result.withVerdict(result.verdict(),
                    Character.toUpperCase(when.charAt(0)) + when.substring(1) + ": " + result.message());
        }
        return result;
    }

    /** Worse = higher verdict badness; among equal verdicts, the more serious severity. */
    public static boolean worse(RuleResult a, RuleResult b) {
        if (a.verdict().badness() != b.verdict().badness()) {
            return a.verdict().badness() > b.verdict().badness();
        }
        return a.severity().ordinal() < b.severity().ordinal();
    }

    static boolean bad(Verdict v) {
        return v == Verdict.FAIL || v == Verdict.UNKNOWN;
    }
}
