package dev.preflight.infra.guardduty;

import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * EventBridge event-pattern matching against an event whose fields are partly known. A pattern is an object whose
 * leaves are lists of allowed values; a list element is a literal or a content filter ({@code prefix},
 * {@code suffix}, {@code equals-ignore-case}, {@code wildcard}, {@code anything-but}, {@code exists}). Event fields
 * not given to {@link #matches} are unknown: a filter on them is reported as narrowing, not as a mismatch.
 */
public final class EventPattern {
    private EventPattern() {
    }

    /** Outcome: whether the pattern can match, with the filters the known fields could not decide. */
    public record Match(boolean matches, String mismatch, List<String> undecidedFields) {
    }

    /**
     * @param pattern a pattern object
     * @param event   known event fields by dotted path ({@code source}, {@code detail-type},
     *                {@code detail.resourceDetails.resourceType})
     */
    public static Match matches(Value.Struct pattern, Map<String, String> event) {
        List<String> undecided = new ArrayList<>();
        String mismatch = walk(pattern, "", event, undecided);
        return new Match(mismatch == null, mismatch, undecided);
    }

    private static String walk(Value.Struct pattern, String prefix, Map<String, String> event, List<String> undecided) {
        for (Map.Entry<String, Value> e : pattern.fields().entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Value v = e.getValue();
            if (v instanceof Value.Struct nested) {
                String m = walk(nested, path, event, undecided);
                if (m != null) {
                    return m;
                }
                continue;
            }
            String actual = event.get(path);
            if (actual == null) {
                undecided.add(path);
                continue;
            }
            List<Value> allowed = v instanceof Value.Seq s ? s.items() : List.of(v);
            boolean any = false;
            for (Value a : allowed) {
                Boolean r = element(a, actual);
                if (r == null) {
                    undecided.add(path);
                    any = true;
                    break;
                }
                if (r) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return path + " " + v.display() + " does not match \"" + actual + "\"";
            }
        }
        return null;
    }

    /** One list element against a known string value: true, false, or null when not decidable. */
    private static Boolean element(Value a, String actual) {
        if (!a.isKnown()) {
            return null;
        }
        if (a instanceof Value.Struct f) {
            if (f.fields().size() != 1) {
                return null;
            }
            Map.Entry<String, Value> only = f.fields().entrySet().iterator().next();
            Value arg = only.getValue();
            String text = arg.text().orElse(null);
            switch (only.getKey()) {
                case "prefix":
                    if (arg instanceof Value.Struct ic && !ic.at("equals-ignore-case").isAbsent()) {
                        return ic.at("equals-ignore-case").text()
                                .map(p -> actual.toLowerCase(Locale.ROOT).startsWith(p.toLowerCase(Locale.ROOT)))
                                .orElse(null);
                    }
                    return text == null ? null : actual.startsWith(text);
                case "suffix":
                    if (arg instanceof Value.Struct ic && !ic.at("equals-ignore-case").isAbsent()) {
                        return ic.at("equals-ignore-case").text()
                                .map(p -> actual.toLowerCase(Locale.ROOT).endsWith(p.toLowerCase(Locale.ROOT)))
                                .orElse(null);
                    }
                    return text == null ? null : actual.endsWith(text);
                case "equals-ignore-case":
                    return text == null ? null : actual.equalsIgnoreCase(text);
                case "wildcard":
                    return text == null ? null : wildcard(text, actual);
                case "exists":
                    return arg.bool().orElse(null);
                case "anything-but": {
                    if (arg instanceof Value.Struct) {
                        Boolean inner = element(arg, actual);
                        return inner == null ? null : !inner;
                    }
                    List<Value> excluded = arg instanceof Value.Seq s ? s.items() : List.of(arg);
                    for (Value x : excluded) {
                        Boolean r = element(x, actual);
                        if (r == null) {
                            return null;
                        }
                        if (r) {
                            return false;
                        }
                    }
                    return true;
                }
                default:
                    return false; // numeric, cidr: never match a text field
            }
        }
        if (a instanceof Value.Text t) {
            return t.value().equals(actual);
        }
        return false; // numbers, booleans and null never equal a string field
    }

    private static boolean wildcard(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(java.util.regex.Pattern.quote(part));
        }
        return text.matches(regex.toString());
    }
}
