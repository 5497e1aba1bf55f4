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
                try {
                    out.add(new Parsed(when, PolicyDocument.from(v)));
                } catch (PolicyFormatException e) {
                    out.add(new Invalid(when, e.getMessage()));
                }
            }
        }
        return out;
    }
}
