package dev.preflight.companion;

import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;

import java.util.ArrayList;
import java.util.List;

/** What a companion tool added to a run: results, the metadata of the rules behind them, and faults (exit 2). */
public record CompanionReport(List<RuleResult> results, List<RuleMetadata> rules, List<String> faults) {
    public CompanionReport {
        results = List.copyOf(results);
        rules = List.copyOf(rules);
        faults = List.copyOf(faults);
    }

    public static CompanionReport empty() {
        return new CompanionReport(List.of(), List.of(), List.of());
    }

    public static CompanionReport fault(String message) {
        return new CompanionReport(List.of(), List.of(), List.of(message));
    }

    public CompanionReport plus(CompanionReport other) {
        List<RuleResult> r = new ArrayList<>(results);
        r.addAll(other.results);
        List<RuleMetadata> m = new ArrayList<>(rules);
        m.addAll(other.rules);
        List<String> f = new ArrayList<>(faults);
        f.addAll(other.faults);
        return new CompanionReport(r, m, f);
    }
}
