package dev.preflight.config;

import dev.preflight.rule.Severity;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The project configuration ({@code .preflight.yaml}): per-rule severities, disabled rules, the severity of
 * UNKNOWN verdicts, waivers, and defaults for command-line options.
 */
public record PreflightConfig(Optional<String> source, Map<String, Severity> severities, Set<String> disabledRules,
                              Severity unknownSeverity, List<WaiverEntry> waivers, Optional<String> failOn,
                              Optional<String> region, Optional<String> account, Map<String, String> parameters) {
    public PreflightConfig {
        severities = Map.copyOf(severities);
        disabledRules = Set.copyOf(disabledRules);
        waivers = List.copyOf(waivers);
        parameters = Map.copyOf(parameters);
    }

    public static PreflightConfig defaults() {
        return new PreflightConfig(Optional.empty(), Map.of(), Set.of(), Severity.WARNING, List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }
}
