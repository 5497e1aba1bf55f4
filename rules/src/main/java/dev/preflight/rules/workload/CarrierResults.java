package dev.preflight.rules.workload;

import dev.preflight.model.ResourceKey;
import dev.preflight.rule.ConditionalVerdicts;
import dev.preflight.rule.RuleResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results of a rule whose subject is the resource carrying a tag (GD007, GD014): several workloads may share one
 * carrier (a launch template used by two groups), and the carrier gets one result, the worst.
 */
final class CarrierResults {
    private final Map<ResourceKey, RuleResult> results = new LinkedHashMap<>();

    /** Keeps the worse of this and an earlier result for the same carrier (the subject of {@code r}). */
    void add(RuleResult r) {
        ResourceKey key = r.subject().key();
        RuleResult prior = results.get(key);
        if (prior == null || ConditionalVerdicts.worse(r, prior)) {
            results.put(key, r);
        }
    }

    List<RuleResult> results() {
        return new ArrayList<>(results.values());
    }
}
