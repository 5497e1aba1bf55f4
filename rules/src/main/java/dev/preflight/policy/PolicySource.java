package dev.preflight.policy;

import dev.preflight.model.UnknownReason;
import dev.preflight.model.Value;
import dev.preflight.rule.Scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a policy property (endpoint {@code PolicyDocument}/{@code policy}, SCP {@code Content}/{@code content}) into
 * the document it is in one {@link Scenario}: parsed, absent, undecidable (a parameter, an import, Terraform
 * known-after-apply) or invalid. Undecided conditions (the property under {@code Fn::If}, statements present only
 * under a condition) are picked by the scenario, so rules explore them with {@link Scenario#explore} like every
 * other condition, and past its bound the verdict is UNKNOWN.
 */
public final class PolicySource {
    private PolicySource() {
    }

    /** The property in one scenario. */
    public sealed interface Reading permits Parsed, Absent, Undecidable, Invalid {
    }

    public record Parsed(PolicyDocument document) implements Reading {
    }

    /** The property is not set (an endpoint then has the full-access default policy). */
    public record Absent() implements Reading {
    }

    /** The document is not known before deploy; {@code why} names the missing value and its origin. */
    public record Undecidable(String why) implements Reading {
    }

    public record Invalid(String problem) implements Reading {
    }

    /** A struct document with its Statement items picked in the scenario (an item absent there is left out). */
    static Value statementsIn(Value document, Scenario s) {
        if (!(document instanceof Value.Struct doc) || !(doc.at("Statement") instanceof Value.Seq seq)) {
            return document;
        }
        if (seq.items().stream().noneMatch(i -> i instanceof Value.Conditional)) {
            return document;
        }
        List<Value> items = new ArrayList<>();
        for (Value item : seq.items()) {
            Value picked = s.pick(item);
            if (!picked.isAbsent()) {
                items.add(picked);
            }
        }
        Map<String, Value> fields = new LinkedHashMap<>(doc.fields());
        fields.put("Statement", new Value.Seq(items, seq.location()));
        return new Value.Struct(fields, doc.location());
    }

    public static Reading read(Value property, Scenario s) {
        Value v = s.pick(property);
        while (v instanceof Value.Reference r && !(r.resolved() instanceof Value.Unknown)) {
            v = s.pick(r.resolved());
        }
        if (v.isAbsent()) {
            return new Absent();
        }
        if (v instanceof Value.Unknown u) {
            return new Undecidable(u.describe());
        }
        if (v instanceof Value.Template t) {
            return new Undecidable("the policy string " + t.display() + " is only partly known");
        }
        if (v instanceof Value.Reference r) {
            Value.Unknown u = (Value.Unknown) r.resolved();
            return new Undecidable(r.target().id() + (r.attribute() == null ? "" : "." + r.attribute()) + ": "
                    + (u.reason() == UnknownReason.KNOWN_AFTER_APPLY ? "known after apply" : u.describe()));
        }
        try {
            return new Parsed(PolicyDocument.from(statementsIn(v, s)));
        } catch (PolicyFormatException e) {
            return new Invalid(e.getMessage());
        }
    }
}
