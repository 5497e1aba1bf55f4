package dev.preflight.load;

import dev.preflight.model.InputDocument;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a loader produced: the inputs it read, their resources, the waivers written beside resources (for the
 * engine's acceptance step) and the inputs it could not read. {@code alsoAt} holds, per resource, other places that
 * declare it (a Terraform resource placed at its {@code .tf} block keeps its position in the plan and its module calls
 * here); every result about the resource lists them as related locations.
 */
public record LoadedInputs(List<InputDocument> inputs, List<Resource> resources, List<DeclaredWaiver> waivers,
                           List<InputFailure> failures, Map<ResourceKey, List<AlsoAt>> alsoAt) {
    public LoadedInputs {
        inputs = List.copyOf(inputs);
        resources = List.copyOf(resources);
        waivers = List.copyOf(waivers);
        failures = List.copyOf(failures);
        alsoAt = Map.copyOf(alsoAt);
    }

    /** Another place that declares a resource, and what it is ({@code "planned in plan.json"}). */
    public record AlsoAt(SourceLocation location, String message) {
    }

    public LoadedInputs(List<InputDocument> inputs, List<Resource> resources, List<InputFailure> failures) {
        this(inputs, resources, List.of(), failures, Map.of());
    }

    public LoadedInputs(List<InputDocument> inputs, List<Resource> resources, List<InputFailure> failures,
                        Map<ResourceKey, List<AlsoAt>> alsoAt) {
        this(inputs, resources, List.of(), failures, alsoAt);
    }

    public LoadedInputs(List<InputDocument> inputs, List<Resource> resources, List<DeclaredWaiver> waivers,
                        List<InputFailure> failures) {
        this(inputs, resources, waivers, failures, Map.of());
    }

    public static LoadedInputs empty() {
        return new LoadedInputs(List.of(), List.of(), List.of(), List.of(), Map.of());
    }

    public LoadedInputs plus(LoadedInputs other) {
        List<InputDocument> i = new ArrayList<>(inputs);
        i.addAll(other.inputs);
        List<Resource> r = new ArrayList<>(resources);
        r.addAll(other.resources);
        List<DeclaredWaiver> w = new ArrayList<>(waivers);
        w.addAll(other.waivers);
        List<InputFailure> f = new ArrayList<>(failures);
        f.addAll(other.failures);
        Map<ResourceKey, List<AlsoAt>> a = new LinkedHashMap<>(alsoAt);
        a.putAll(other.alsoAt);
        return new LoadedInputs(i, r, w, f, a);
    }
}
