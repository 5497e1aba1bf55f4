package dev.preflight.rule;

import dev.preflight.model.ResourceGraph;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a rule sees: the resource graph, the run settings, and domain views (VPCs, security groups,
 * workloads, policies) that are built once per run, on first use, and shared by every rule.
 */
public final class RuleContext {
    private final ResourceGraph graph;
    private final RunSettings settings;
    private final ConcurrentHashMap<Class<?>, Object> views = new ConcurrentHashMap<>();

    public RuleContext(ResourceGraph graph, RunSettings settings) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ResourceGraph graph() {
        return graph;
    }

    public RunSettings settings() {
        return settings;
    }

    /**
     * The domain view of the given class, built with {@code builder} the first time any rule asks for it.
     * Views are immutable, so sharing them between rules that run in parallel is safe.
     */
    public <T> T view(Class<T> type, Function<RuleContext, T> builder) {
        Object v = views.get(type);
        if (v == null) {
            // computeIfAbsent would forbid builders that ask for other views; a rare double build is harmless.
            T built = builder.apply(this);
            Object prior = views.putIfAbsent(type, built);
            v = prior != null ? prior : built;
        }
        return type.cast(v);
    }
}
