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
 * from parameters with values, and {@code ${AWS::StackName}} when the stack name is known (CDK assemblies).
 * When two inputs export the same name, the first input of the run wins.
 *
 * <p>A name whose only unknown parts are {@code ${AWS::StackName}} (the usual {@code ${AWS::StackName}-VpcId}
 * export of a hand-written template, whose stack name is chosen at deploy) matches an imported name when it is
 * the only such export of the run that can: {@code net-VpcId} matches {@code *-VpcId}. Two candidates match
 * nothing.
 */
final class RunScope {
    private record Export(TemplateScope scope, String output) {
    }

    private final List<TemplateScope> scopes = new ArrayList<>();
    private final Map<String, TemplateScope> nested = new HashMap<>();
    private Map<String, Export> exports;
    private final List<Map.Entry<Value.Template, Export>> stackNamePatterns = new ArrayList<>();
    /** The clock of the input being loaded now: resolving one template may resolve parts of another. */
    private dev.preflight.load.InputBudget.Meter clock;

    void clock(dev.preflight.load.InputBudget.Meter meter) {
        clock = meter;
    }

    dev.preflight.load.InputBudget.Meter clock() {
        return clock;
    }

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
            stackNamePatterns.clear();
            for (TemplateScope s : scopes) {
                for (Map.Entry<String, Value> e : s.exportNames().entrySet()) {
                    Value n = s.resolve(e.getValue());
                    if (n.text().isPresent()) {
                        index.putIfAbsent(n.text().get(), new Export(s, e.getKey()));
                    } else if (n instanceof Value.Template t && onlyStackName(t)) {
                        stackNamePatterns.add(Map.entry(t, new Export(s, e.getKey())));
                    }
                }
            }
        }
        Export e = exports.get(name);
        if (e == null) {
            List<Export> candidates = new ArrayList<>();
            for (Map.Entry<Value.Template, Export> p : stackNamePatterns) {
                if (p.getKey().couldEqual(name)) {
                    candidates.add(p.getValue());
                }
            }
            e = candidates.size() == 1 ? candidates.get(0) : null;
        }
        return e == null ? null : e.scope().output(e.output());
    }

    private static boolean onlyStackName(Value.Template t) {
        for (Value part : t.parts()) {
            if (!(part instanceof Value.Text) && !(part instanceof Value.Unknown u
                    && u.origin() instanceof dev.preflight.model.UnknownOrigin.PseudoParameter p
                    && p.name().equals("AWS::StackName"))) {
                return false;
            }
        }
        return true;
    }
}
