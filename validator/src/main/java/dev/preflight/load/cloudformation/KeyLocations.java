package dev.preflight.load.cloudformation;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Positions of mapping keys, which the {@link Value} tree does not hold (a value knows where the value starts).
 * YAML records them while composing; for JSON the key is found by reading back from its value: {@code "Key" :}.
 */
final class KeyLocations {
    private final Map<Value.Struct, Map<String, SourceLocation>> recorded = new IdentityHashMap<>();
    private final String text;
    private int[] lineStarts;

    /** @param jsonText the JSON source to read keys back from, or null for YAML */
    KeyLocations(String jsonText) {
        this.text = jsonText;
    }

    void record(Value.Struct struct, Map<String, SourceLocation> keys) {
        recorded.put(struct, keys);
    }

    /** Where {@code key} of {@code parent} is written; the value's position when it cannot be found. */
    SourceLocation of(Value.Struct parent, String key) {
        Value value = parent.get(key);
        SourceLocation fallback = value == null ? parent.location() : value.location();
        Map<String, SourceLocation> m = recorded.get(parent);
        if (m != null) {
            SourceLocation l = m.get(key);
            return l == null ? fallback : l;
        }
        if (text == null || value == null || fallback.line() <= 0) {
            return fallback;
        }
        return jsonKey(fallback);
    }

    private SourceLocation jsonKey(SourceLocation valueAt) {
        if (lineStarts == null) {
            int n = 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    n++;
                }
            }
            lineStarts = new int[n];
            int line = 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    lineStarts[line++] = i + 1;
                }
            }
        }
        if (valueAt.line() > lineStarts.length) {
            return valueAt;
        }
        int i = lineStarts[valueAt.line() - 1] + valueAt.column() - 2;
        i = skipSpaceBack(i);
        if (i < 0 || text.charAt(i) != ':') {
            return valueAt;
        }
        i = skipSpaceBack(i - 1);
        if (i < 0 || text.charAt(i) != '"') {
            return valueAt;
        }
        int open = i - 1;
        while (open >= 0 && !(text.charAt(open) == '"' && (open == 0 || text.charAt(open - 1) != '\\'))) {
            open--;
        }
        if (open < 0) {
            return valueAt;
        }
        return at(open, valueAt.file());
    }

    private int skipSpaceBack(int i) {
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i;
    }

    private SourceLocation at(int offset, String file) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return new SourceLocation(file, lo + 1, offset - lineStarts[lo] + 1);
    }
}
