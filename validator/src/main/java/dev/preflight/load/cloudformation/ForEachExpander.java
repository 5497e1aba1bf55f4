package dev.preflight.load.cloudformation;

import dev.preflight.load.InputBudget;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Expands the {@code Fn::ForEach} loops of {@code AWS::LanguageExtensions} in a template section, remembering for
 * every expanded resource the key inside the loop it came from (its source location).
 */
final class ForEachExpander {
    private final TemplateSource source;
    private final UnaryOperator<Value> resolve;
    private final Map<String, SourceLocation> loopLocations;
    private final InputBudget.Meter meter;

    ForEachExpander(TemplateSource source, UnaryOperator<Value> resolve, Map<String, SourceLocation> loopLocations,
                    InputBudget.Meter meter) {
        this.source = source;
        this.resolve = resolve;
        this.loopLocations = loopLocations;
        this.meter = meter;
    }

    private Value resolve(Value raw) {
        return resolve.apply(raw);
    }

    /**
     * {@code Fn::ForEach::Name: [Identifier, Collection, {Key${Identifier}: body}]} of AWS::LanguageExtensions,
     * expanded for every item of a collection that resolves to known texts ({@code ${Identifier}},
     * {@code &{Identifier}} and {@code Ref: Identifier} replaced). A loop over an unknown collection gives nothing.
     */
    Value.Struct expandLoops(Value.Struct section, boolean resourceSection, int depth) {
        boolean any = false;
        for (String k : section.fields().keySet()) {
            any |= k.startsWith("Fn::ForEach::");
        }
        if (!any || depth > 5) {
            return section;
        }
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : section.fields().entrySet()) {
            if (!e.getKey().startsWith("Fn::ForEach::")) {
                out.putIfAbsent(e.getKey(), e.getValue());
                continue;
            }
            List<Value> loop = e.getValue().items();
            if (loop.size() != 3 || !(loop.get(0) instanceof Value.Text identifier)
                    || !(loop.get(2) instanceof Value.Struct body)) {
                continue;
            }
            Value collection = resolve(loop.get(1));
            for (Value item : collection.items()) {
                Optional<String> text = Intrinsics.scalarText(item);
                if (text.isEmpty()) {
                    continue;
                }
                Value.Struct expanded = (Value.Struct) substitute(body, identifier.value(), text.get());
                Value.Struct inner = expandLoops(expanded, resourceSection, depth + 1);
                List<String> originalKeys = new ArrayList<>(body.fields().keySet());
                for (Map.Entry<String, Value> x : inner.fields().entrySet()) {
                    if (out.putIfAbsent(x.getKey(), x.getValue()) == null && resourceSection) {
                        int index = new ArrayList<>(expanded.fields().keySet()).indexOf(x.getKey());
                        loopLocations.put(x.getKey(), index >= 0 && index < originalKeys.size()
                                ? source.keys().of(body, originalKeys.get(index))
                                : source.keys().of(section, e.getKey()));
                    }
                }
            }
        }
        return new Value.Struct(out, section.location());
    }

    /** A copy of the loop body for one item: every value of it counts against the budget of values. */
    private Value substitute(Value v, String identifier, String item) {
        meter.values(1, v.location().line(), v.location().column(), "Fn::ForEach loops expand to");
        if (v instanceof Value.Text t) {
            return new Value.Text(replaceIdentifier(t.value(), identifier, item), t.location());
        }
        if (v instanceof Value.Seq s) {
            List<Value> items = new ArrayList<>();
            for (Value i : s.items()) {
                items.add(substitute(i, identifier, item));
            }
            return new Value.Seq(items, s.location());
        }
        if (v instanceof Value.Struct s) {
            if (s.fields().size() == 1 && s.get("Ref") instanceof Value.Text r && r.value().equals(identifier)) {
                return new Value.Text(item, s.location());
            }
            Map<String, Value> fields = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : s.fields().entrySet()) {
                fields.put(replaceIdentifier(e.getKey(), identifier, item), substitute(e.getValue(), identifier, item));
            }
            return new Value.Struct(fields, s.location());
        }
        return v;
    }

    private String replaceIdentifier(String s, String identifier, String item) {
        if (s.indexOf('{') < 0) {
            return s;
        }
        String out = s.replace("${" + identifier + "}", item)
                .replace("&{" + identifier + "}", item.replaceAll("[^A-Za-z0-9]", ""));
        meter.string(out.length(), 0, 0, "Fn::ForEach");
        return out;
    }
}
