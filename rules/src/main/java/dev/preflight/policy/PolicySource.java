package dev.preflight.policy;

import dev.preflight.model.UnknownReason;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a policy property (endpoint {@code PolicyDocument}/{@code policy}, SCP {@code Content}/{@code content}) into
 * the documents it may be at deploy: one per branch of an undecided condition, each parsed, absent, undecidable
 * (a parameter, an import, Terraform known-after-apply) or invalid.
 */
public final class PolicySource {
    private PolicySource() {
    }

    /** One alternative of the property; {@code conditions} is "when IsProd is true" or "". */
    public sealed interface Alternative permits Parsed, Absent, Undecidable, Invalid {
        String conditions();
    }

    public record Parsed(String conditions, PolicyDocument document) implements Alternative {
    }

    /** The property is not set (an endpoint then has the full-access default policy). */
    public record Absent(String conditions) implements Alternative {
    }

    /** The document is not known before deploy; {@code why} names the missing value and its origin. */
    public record Undecidable(String conditions, String why) implements Alternative {
    }

    public record Invalid(String conditions, String problem) implements Alternative {
    }

    /** At most this many documents from statements under undecided conditions; beyond, the rest are not expanded. */
    static final int MAX_STATEMENT_ALTERNATIVES = 16;

    /**
     * A struct document whose Statement list holds {@code Fn::If} items (a statement present only under a
     * condition) as the documents it may be, each with its conditions; any other value as itself.
     */
    static List<Value.Branch> statementBranches(Value document) {
        Value.Struct doc = document instanceof Value.Struct st ? st : null;
        Value statement = doc == null ? null : doc.get("Statement");
        if (!(statement instanceof Value.Seq seq) || seq.items().stream().noneMatch(i -> i instanceof Value.Conditional)) {
            return List.of(new Value.Branch(List.of(), document));
        }
        List<Value.Branch> lists = new ArrayList<>();
        lists.add(new Value.Branch(List.of(), new Value.Seq(List.of(), seq.location())));
        for (Value item : seq.items()) {
            List<Value.Branch> next = new ArrayList<>();
            for (Value.Branch ib : item.branches()) {
                for (Value.Branch l : lists) {
                    List<Value> items = new ArrayList<>(l.value().items());
                    if (!ib.value().isAbsent()) {
                        items.add(ib.value());
                    }
                    List<String> conds = new ArrayList<>(l.conditions());
                    ib.conditions().stream().filter(c -> !conds.contains(c)).forEach(conds::add);
                    next.add(new Value.Branch(conds, new Value.Seq(items, seq.location())));
                }
            }
            lists = next.size() > MAX_STATEMENT_ALTERNATIVES ? new ArrayList<>(next.subList(0, MAX_STATEMENT_ALTERNATIVES)) : next;
        }
        List<Value.Branch> out = new ArrayList<>();
        for (Value.Branch l : lists) {
            java.util.Map<String, Value> fields = new java.util.LinkedHashMap<>(doc.fields());
            fields.put("Statement", l.value());
            out.add(new Value.Branch(l.conditions(), new Value.Struct(fields, doc.location())));
        }
        return out;
    }

    public static List<Alternative> read(Value property) {
        List<Alternative> out = new ArrayList<>();
        if (property == null) {
            out.add(new Absent(""));
            return out;
        }
        for (Value.Branch b : property.branches()) {
            String when = b.describeConditions();
            Value v = b.value();
            while (v instanceof Value.Reference r && !(r.resolved() instanceof Value.Unknown)) {
                v = r.resolved();
            }
            if (v.isAbsent()) {
                out.add(new Absent(when));
            } else if (v instanceof Value.Unknown u) {
                out.add(new Undecidable(when, u.describe()));
            } else if (v instanceof Value.Template t) {
                out.add(new Undecidable(when, "the policy string " + t.display() + " is only partly known"));
            } else if (v instanceof Value.Reference r) {
                Value.Unknown u = (Value.Unknown) r.resolved();
                out.add(new Undecidable(when, r.target().id()
                        + (r.attribute() == null ? "" : "." + r.attribute()) + ": "
                        + (u.reason() == UnknownReason.KNOWN_AFTER_APPLY ? "known after apply" : u.describe())));
            } else {
                for (Value.Branch sb : statementBranches(v)) {
                    List<String> conds = new ArrayList<>(b.conditions());
                    sb.conditions().stream().filter(c -> !conds.contains(c)).forEach(conds::add);
                    String w = conds.isEmpty() ? "" : "when " + String.join(" and ", conds);
                    try {
                        out.add(new Parsed(w, PolicyDocument.from(sb.value())));
                    } catch (PolicyFormatException e) {
                        out.add(new Invalid(w, e.getMessage()));
                    }
                }
            }
        }
        return out;
    }
}
