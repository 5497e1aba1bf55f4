package dev.preflight.engine;

import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleDocumentation;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rules.BuiltInRules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rules' metadata with their rationale and fixes: a rule's {@code GDnnn.md} is a resource beside its class (the core
 * does no I/O, so it is read here). Every report, {@code preflight explain} and the docs pages take a rule's
 * metadata from here.
 */
public final class RuleCatalog {
    private static final Map<Class<?>, RuleMetadata> DOCUMENTED = new ConcurrentHashMap<>();

    private RuleCatalog() {
    }

    /** The built-in rules' metadata, documented, in id order. */
    public static List<RuleMetadata> builtIn() {
        return BuiltInRules.all().stream().map(RuleCatalog::documented).toList();
    }

    /** The built-in rule with this id (case-insensitive), documented, or null. */
    public static RuleMetadata builtIn(String id) {
        return builtIn().stream().filter(m -> m.id().equalsIgnoreCase(id.strip())).findFirst().orElse(null);
    }

    /**
     * The rule's metadata with the text of {@code <id>.md} beside its class; unchanged when there is no such file
     * (a rule outside the pack). A file that lacks a section fails: the catalog test holds every built-in rule to it.
     */
    public static RuleMetadata documented(Rule rule) {
        return DOCUMENTED.computeIfAbsent(rule.getClass(), c -> read(rule));
    }

    private static RuleMetadata read(Rule rule) {
        RuleMetadata m = rule.metadata();
        // read when a report, explain or the docs first ask: a text report never does
        return m.withText(() -> text(rule, m));
    }

    private static RuleMetadata.RuleText text(Rule rule, RuleMetadata m) {
        String name = m.id() + ".md";
        try (InputStream in = rule.getClass().getResourceAsStream(name)) {
            if (in == null) {
                return m.text();
            }
            return RuleDocumentation.parse(m.id(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " beside " + rule.getClass().getName(), e);
        }
    }
}
