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
    private static final int INDEXED_FROM = 16;
    /** Per mapping, the line and column of each key packed in one long, in the order of the struct's fields. */
    private final Map<Value.Struct, long[]> recorded = new IdentityHashMap<>();
    /** Key -> field position of the large mappings (the Resources section), so a lookup is not a scan. */
    private final Map<Value.Struct, Map<String, Integer>> positions = new IdentityHashMap<>();
    private final String text;
    private int[] lineStarts;

    /** @param jsonText the JSON source to read keys back from, or null for YAML */
    KeyLocations(String jsonText) {
        this.text = jsonText;
    }

    void record(Value.Struct struct, Map<String, SourceLocation> keys) {
        long[] packed = new long[struct.fields().size()];
        int i = 0;
        for (String key : struct.fields().keySet()) {
            SourceLocation l = keys.get(key);
            packed[i++] = l == null ? -1 : (long) l.line() << 32 | (l.column() & 0xFFFFFFFFL);
        }
        recorded.put(struct, packed);
        if (packed.length > INDEXED_FROM) {
            Map<String, Integer> index = new java.util.HashMap<>(packed.length * 4 / 3 + 1);
            int p = 0;
            for (String key : struct.fields().keySet()) {
                index.put(key, p++);
            }
            positions.put(struct, index);
        }
    }

    /** Where {@code key} of {@code parent} is written; the value's position when it cannot be found. */
    SourceLocation of(Value.Struct parent, String key) {
        Value value = parent.get(key);
        SourceLocation fallback = value == null ? parent.location() : value.location();
        long[] packed = recorded.get(parent);
        if (packed != null) {
            int i = position(parent, key);
            return i < 0 || packed[i] < 0 ? fallback
                    : new SourceLocation(fallback.file(), (int) (packed[i] >>> 32), (int) packed[i]);
        }
        if (text == null || value == null || fallback.line() <= 0) {
            return fallback;
        }
        return jsonKey(fallback);
    }

    /** The position of {@code key} among the fields (keys of a mapping are unique), or -1. */
    private int position(Value.Struct parent, String key) {
        Map<String, Integer> index = positions.get(parent);
        if (index != null) {
            Integer p = index.get(key);
            return p == null ? -1 : p;
        }
        int i = 0;
        for (String k : parent.fields().keySet()) {
            if (k.equals(key)) {
                return i;
            }
            i++;
        }
        return -1;
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
