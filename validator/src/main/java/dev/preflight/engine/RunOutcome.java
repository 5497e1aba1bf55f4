package dev.preflight.engine;

import dev.preflight.coverage.CoverageReport;
import dev.preflight.load.InputFailure;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What reports see: the inputs and their status, every result (passes included) with its standing decided
 * (waived, existing, new: {@link Acceptance}), the predicted coverage, the rules that ran, the faults and warnings.
 * Never the resource graph: reports render findings, not infrastructure.
 *
 * @param baseline the {@code --baseline} file the standing was decided against, or null without one
 * @param warnings what the user should know that is no finding: waivers that match nothing
 */
public record RunOutcome(String toolVersion, OffsetDateTime startedAt, List<InputStatus> inputs,
                         List<RuleResult> results, CoverageReport coverage, List<RuleMetadata> rules,
                         List<InputFailure> failures, List<String> faults, String baseline, List<String> warnings) {
    public RunOutcome {
        inputs = List.copyOf(inputs);
        results = List.copyOf(results);
        rules = List.copyOf(rules);
        failures = List.copyOf(failures);
        faults = List.copyOf(faults);
        warnings = List.copyOf(warnings);
    }

    /** An outcome without a baseline or warnings. */
    public RunOutcome(String toolVersion, OffsetDateTime startedAt, List<InputStatus> inputs,
                      List<RuleResult> results, CoverageReport coverage, List<RuleMetadata> rules,
                      List<InputFailure> failures, List<String> faults) {
        this(toolVersion, startedAt, inputs, results, coverage, rules, failures, faults, null, List.of());
    }

    /** True when an input could not be read or a part of the run (a rule, a companion) failed: exit code 2. */
    public boolean incomplete() {
        return !failures.isEmpty() || !faults.isEmpty();
    }
}
