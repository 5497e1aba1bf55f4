package dev.preflight.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable resource graph of one run: every resource of every input, indexed by key, by type and by
 * known physical id (Terraform {@code id} attributes of existing resources such as {@code sg-0123}).
 */
public final class ResourceGraph {
    private final List<InputDocument> inputs;
    private final List<Resource> resources;
    private final Map<ResourceKey, Resource> byKey;
    private final Map<String, List<Resource>> byType;
    private final Map<String, Resource> byPhysicalId;

    public ResourceGraph(List<InputDocument> inputs, List<Resource> resources) {
        this.inputs = List.copyOf(inputs);
        this.resources = List.copyOf(resources);
        Map<ResourceKey, Resource> keys = new LinkedHashMap<>();
        Map<String, List<Resource>> types = new HashMap<>();
        Map<String, Resource> physical = new HashMap<>();
        for (Resource r : this.resources) {
            keys.putIfAbsent(r.key(), r);
            types.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r);
            if (r.dialect() == Dialect.TERRAFORM) {
                Value id = r.property("id");
                if (!id.isAbsent()) {
                    id.text().filter(s -> !s.isEmpty()).ifPresent(s -> physical.putIfAbsent(s, r));
                }
            }
        }
        types.replaceAll((k, v) -> List.copyOf(v));
        this.byKey = Collections.unmodifiableMap(keys);
        this.byType = Collections.unmodifiableMap(types);
        this.byPhysicalId = Collections.unmodifiableMap(physical);
    }

    public List<InputDocument> inputs() {
        return inputs;
    }

    public List<Resource> resources() {
        return resources;
    }

    public Optional<Resource> get(ResourceKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** All resources of the given types, in input order. */
    public List<Resource> ofType(String... types) {
        if (types.length == 1) {
            return byType.getOrDefault(types[0], List.of());
        }
        List<Resource> out = new ArrayList<>();
        for (String t : types) {
            out.addAll(byType.getOrDefault(t, List.of()));
        }
        return out;
    }

    /** The resource a reference points at, if it is in the graph. */
    public Optional<Resource> resolve(Value.Reference ref) {
        return get(ref.target());
    }

    /** A resource whose known physical id (e.g. {@code sg-0abc}) equals the given string. */
    public Optional<Resource> byPhysicalId(String id) {
        return Optional.ofNullable(byPhysicalId.get(id));
    }

    /**
     * The resource a property value designates: a reference into the graph, or a known physical id.
     * Empty when the value is unknown or names something outside the inputs.
     */
    public Optional<Resource> target(Value v) {
        if (v instanceof Value.Reference r) {
            return resolve(r);
        }
        return v == null ? Optional.empty() : v.text().flatMap(this::byPhysicalId);
    }

    public int size() {
        return resources.size();
    }
}
