package dev.preflight.load.cloudformation;

import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the templates of one run share: the exports every template offers to {@code Fn::ImportValue}, and the
 * nested stack templates of CDK assemblies (for {@code Fn::GetAtt Stack.Outputs.X} and nested parameters).
 *
 * <p>An export name counts when it resolves to a known text in its own template: literal names, names built
 * from parameters with values, and {@code ${AWS::StackName}} only when the stack name is known (CDK assemblies).
 * When two inputs export the same name, the first input of the run wins.
 */
final class RunScope {
    private record Export(TemplateScope scope, String output) {
    }

    private final List<TemplateScope> scopes = new ArrayList<>();
    private final Map<String, TemplateScope> nested = new HashMap<>();
    private Map<String, Export> exports;

    void add(TemplateScope scope) {
        scopes.add(scope);
        exports = null;
    }

    void addNested(TemplateScope parent, String stackResource, TemplateScope child) {
        nested.put(parent.file + "\u0000" + stackResource, child);
    }

    TemplateScope nested(TemplateScope parent, String stackResource) {
        return nested.get(parent.file + "\u0000" + stackResource);
    }

    /** The exported value, or null when no template of the run exports the name. */
    Value export(String name) {
        if (exports == null) {
            Map<String, Export> index = new LinkedHashMap<>();
            exports = index; // while names are resolved, an Fn::ImportValue inside a name finds nothing
            for (TemplateScope s : scopes) {
                for (Map.Entry<String, Value> e : s.exportNames().entrySet()) {
                    Optional<String> n = s.resolve(e.getValue()).text();
                    n.ifPresent(known -> index.putIfAbsent(known, new Export(s, e.getKey())));
                }
            }
        }
        Export e = exports.get(name);
        return e == null ? null : e.scope().output(e.output());
    }
}
