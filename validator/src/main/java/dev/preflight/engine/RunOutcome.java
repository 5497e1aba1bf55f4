package dev.preflight.engine;

import dev.preflight.coverage.CoverageReport;
import dev.preflight.load.InputFailure;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What reports see: the inputs and their status, every result (passes included), the predicted coverage,
 * the rules that ran, and the faults. Never the resource graph: reports render findings, not infrastructure.
 */
public record RunOutcome(String toolVersion, OffsetDateTime startedAt, List<InputStatus> inputs,
                         List<RuleResult> results, CoverageReport coverage, List<RuleMetadata> rules,
                         List<InputFailure> failures, List<String> faults) {
    public RunOutcome {
        inputs = List.copyOf(inputs);
        results = List.copyOf(results);
        rules = List.copyOf(rules);
        failures = List.copyOf(failures);
        faults = List.copyOf(faults);
    }

    /** True when an input could not be read or a part of the run (a rule, a companion) failed: exit code 2. */
    public boolean incomplete() {
        return !failures.isEmpty() || !faults.isEmpty();
    }
}
