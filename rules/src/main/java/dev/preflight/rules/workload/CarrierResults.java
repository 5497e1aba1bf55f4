package dev.preflight.rules.workload;

import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Subject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results of a rule whose subject is the resource carrying a tag (GD007, GD014): several workloads may share one
 * carrier (a launch template used by two groups), and the carrier gets one result, the worst.
 */
final class CarrierResults {
    private final RuleMetadata metadata;
    private final Map<ResourceKey, Resource> carriers = new LinkedHashMap<>();
    private final Map<ResourceKey, BranchOutcome> outcomes = new LinkedHashMap<>();
    private final Map<ResourceKey, List<RelatedLocation>> related = new LinkedHashMap<>();

    CarrierResults(RuleMetadata metadata) {
        this.metadata = metadata;
    }

    void add(Resource carrier, BranchOutcome o, List<RelatedLocation> rel) {
        BranchOutcome prior = outcomes.get(carrier.key());
        if (prior == null || o.worseThan(prior, metadata.defaultSeverity())) {
            carriers.put(carrier.key(), carrier);
            outcomes.put(carrier.key(), o);
            related.put(carrier.key(), rel);
        }
    }

    List<RuleResult> results() {
        List<RuleResult> out = new ArrayList<>();
        for (Map.Entry<ResourceKey, BranchOutcome> e : outcomes.entrySet()) {
            out.add(e.getValue().toResult(metadata, Subject.of(carriers.get(e.getKey())), related.get(e.getKey())));
        }
        return out;
    }
}
