package dev.preflight.load.cloudformation;

import dev.preflight.load.InputBudget;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.util.Locale;
import java.util.Map;

/** The JSON text of a known value, as {@code Fn::ToJsonString} writes it (keys in template order, no spaces). */
final class JsonText {
    private JsonText() {
    }

    /** The text, within the budget of string length: a value shared by many YAML aliases can be huge as text. */
    static String of(Value v, InputBudget.Meter meter, SourceLocation at) {
        StringBuilder b = new StringBuilder();
        write(v, b, meter, at);
        return b.toString();
    }

    static void write(Value v, StringBuilder b, InputBudget.Meter meter, SourceLocation at) {
        meter.string(b.length(), at.line(), at.column(), "Fn::ToJsonString");
        if (v instanceof Value.Reference r) {
            write(r.resolved(), b, meter, at);
        } else if (v instanceof Value.Struct s) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, Value> e : s.fields().entrySet()) {
                b.append(first ? "" : ",");
                first = false;
                quote(e.getKey(), b);
                b.append(':');
                write(e.getValue(), b, meter, at);
            }
            b.append('}');
        } else if (v instanceof Value.Seq s) {
            b.append('[');
            for (int i = 0; i < s.items().size(); i++) {
                b.append(i == 0 ? "" : ",");
                write(s.items().get(i), b, meter, at);
            }
            b.append(']');
        } else if (v instanceof Value.Num n) {
            b.append(n.value().toPlainString());
        } else if (v instanceof Value.Bool x) {
            b.append(x.value());
        } else if (v instanceof Value.Text t) {
            quote(t.value(), b);
            meter.string(b.length(), at.line(), at.column(), "Fn::ToJsonString");
        } else {
            b.append("null");
        }
    }

    private static void quote(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
