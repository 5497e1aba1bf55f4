package dev.preflight.report;

import dev.preflight.engine.RunOutcome;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Verdict;

import java.util.EnumMap;
import java.util.Map;

/** Counts of a run's results per verdict, plus waived ones and those the baseline already had. */
record Tally(Map<Verdict, Integer> verdicts, int waived, int existing) {
    static Tally of(RunOutcome o) {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        int waived = 0;
        int existing = 0;
        for (RuleResult r : o.results()) {
            counts.merge(r.verdict(), 1, Integer::sum);
            if (r.waived()) {
                waived++;
            }
            if (r.existing()) {
                existing++;
            }
        }
        return new Tally(Map.copyOf(counts), waived, existing);
    }

    int count(Verdict v) {
        return verdicts.getOrDefault(v, 0);
    }

    /** How reports name a result's subject: its id, or "(input)" for a result about a whole input file. */
    static String subjectName(RuleResult r) {
        return dev.preflight.rule.Subject.INPUT_TYPE.equals(r.subject().type()) ? "(input)" : r.subject().id();
    }

}
