package dev.preflight.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The immutable, ordered fields of a {@link Value.Struct}: two arrays in document order, searched linearly while
 * small and through a hash index from {@value #INDEXED_FROM} fields on. A template has millions of small mappings;
 * a {@code LinkedHashMap} (table, one entry object per field, the unmodifiable view) takes three to four times the
 * memory of the arrays.
 */
final class FieldMap extends AbstractMap<String, Value> {
    static final FieldMap EMPTY = new FieldMap(new String[0], new Value[0]);
    private static final int INDEXED_FROM = 9;

    private final String[] keys;
    private final Value[] values;
    /** Key -> position, for large mappings only (the Resources section, big Mappings); null otherwise. */
    private final Map<String, Integer> index;

    private FieldMap(String[] keys, Value[] values) {
        this.keys = keys;
        this.values = values;
        if (keys.length >= INDEXED_FROM) {
            Map<String, Integer> positions = new HashMap<>(keys.length * 4 / 3 + 1);
            for (int i = 0; i < keys.length; i++) {
                positions.put(keys[i], i);
            }
            this.index = positions;
        } else {
            this.index = null;
        }
    }

    /** The fields in the map's iteration order; a FieldMap is returned as it is. */
    static FieldMap copyOf(Map<String, Value> fields) {
        if (fields instanceof FieldMap f) {
            return f;
        }
        if (fields.isEmpty()) {
            return EMPTY;
        }
        String[] keys = new String[fields.size()];
        Value[] values = new Value[keys.length];
        int i = 0;
        for (Map.Entry<String, Value> e : fields.entrySet()) {
            keys[i] = e.getKey();
            values[i] = e.getValue();
            i++;
        }
        return new FieldMap(keys, values);
    }

    private int indexOf(Object key) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < keys.length; i++) {
            if (java.util.Objects.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Value get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean isEmpty() {
        return keys.length == 0;
    }

    @Override
    public Set<Map.Entry<String, Value>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Value>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, Value> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    @Override
    public void forEach(java.util.function.BiConsumer<? super String, ? super Value> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }
}
