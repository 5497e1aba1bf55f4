package dev.preflight.cli;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a plain command line to a command's picocli {@code @Option}/{@code @Parameters} fields without building picocli's
 * model, which costs more than half of a small check's start-up (picocli's classes are Java 5 bytecode, which neither
 * AppCDS nor the AOT cache can archive, and the model is built by reflection over every subcommand). The annotations
 * stay the one declaration of the options; this reads them as the build recorded them ({@link OptionIndex}: reading
 * the annotations at run time costs a proxy class per annotation type) and handles only the plain forms ({@code --name value},
 * {@code --name=value}, flags, repeated list/map options, positional paths). Anything else - help, version, an unknown
 * or clustered option, a missing or bad value, an option given twice, an argument file - returns {@code false} and
 * picocli parses the line, with its messages.
 */
final class PlainCommandLine {
    /** What picocli's {@code Option.defaultValue()} is when the annotation sets none (picocli's ArgSpec.NO_DEFAULT_VALUE). */
    private static final String NO_DEFAULT = "__no_default_value__";

    private PlainCommandLine() {
    }

    /** {@code negated}: the {@code --no-NAME} form of a negatable flag, which sets it false. */
    // a class, not a record: bindings are kept in hash sets by identity, and a record's hashCode is linked through
    // invokedynamic on first use (method-handle classes spun in every run)
    private static final class Binding {
        private final Object target;
        private final Field field;
        private final OptionIndex.Member option;
        private final boolean negated;

        Binding(Object target, Field field, OptionIndex.Member option, boolean negated) {
            this.target = target;
            this.field = field;
            this.option = option;
            this.negated = negated;
        }

        Binding(Object target, Field field, OptionIndex.Member option) {
            this(target, field, option, false);
        }

        Object target() {
            return target;
        }

        Field field() {
            return field;
        }

        OptionIndex.Member option() {
            return option;
        }

        boolean negated() {
            return negated;
        }
    }

    /** Fills {@code command}'s fields from {@code args}; false (fields possibly half-set: discard it) when picocli must parse. */
    static boolean bind(Object command, List<String> args) {
        Map<String, Binding> byName = new HashMap<>();
        List<Binding> options = new ArrayList<>();
        Binding[] positional = new Binding[1];
        try {
            if (!collect(command, byName, options, positional)) {
                return false;
            }
            Set<Binding> seen = new HashSet<>();
            Set<Field> flagsSeen = new HashSet<>();
            List<String> operands = new ArrayList<>();
            boolean endOfOptions = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (endOfOptions || !a.startsWith("-") || a.equals("-")) {
                    if (a.startsWith("@") && !endOfOptions) {
                        return false; // picocli reads @argument files
                    }
                    operands.add(a);
                    continue;
                }
                if (a.equals("--")) {
                    endOfOptions = true;
                    continue;
                }
                String name = a;
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                Binding b = byName.get(name);
                if (b == null) {
                    return false;
                }
                Class<?> type = b.field().getType();
                boolean flag = type == boolean.class || type == Boolean.class;
                if (flag) {
                    // a flag given twice, or in both its forms, is picocli's to refuse
                    if (value != null || !flagsSeen.add(b.field())) {
                        return false;
                    }
                    seen.add(b);
                    b.field().set(b.target(), !b.negated());
                    continue;
                }
                if (value == null) {
                    if (i + 1 >= args.size() || byName.containsKey(args.get(i + 1)) || args.get(i + 1).startsWith("@")) {
                        return false;
                    }
                    value = args.get(++i);
                }
                boolean repeatable = List.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type);
                if (!seen.add(b) && !repeatable) {
                    return false;
                }
                if (!assign(b, value, seen)) {
                    return false;
                }
            }
            for (Binding b : options) {
                if (!seen.contains(b) && !b.option().defaultValue.equals(NO_DEFAULT) && !applyDefault(b)) {
                    return false;
                }
            }
            if (positional[0] == null) {
                return operands.isEmpty();
            }
            if (operands.isEmpty()) {
                return false; // the command needs at least one; picocli says so
            }
            @SuppressWarnings("unchecked")
            List<Path> paths = (List<Path>) positional[0].field().get(positional[0].target());
            paths.clear();
            for (String o : operands) {
                paths.add(Path.of(o));
            }
            return true;
        } catch (ReflectiveOperationException | java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean collect(Object target, Map<String, Binding> byName, List<Binding> options, Binding[] positional)
            throws ReflectiveOperationException, java.io.IOException {
        List<OptionIndex.Member> members = OptionIndex.of(target.getClass());
        if (members == null) {
            return false; // no index (a class the build did not process): picocli reads the annotations
        }
        for (OptionIndex.Member m : members) {
            if (m.kind.equals("unsupported")) {
                return false;
            }
            Field f = target.getClass().getDeclaredField(m.field);
            if (m.kind.equals("mixin")) {
                f.setAccessible(true);
                if (!collect(f.get(target), byName, options, positional)) {
                    return false;
                }
            } else if (m.kind.equals("option")) {
                boolean flag = f.getType() == boolean.class || f.getType() == Boolean.class;
                if (!supported(f) || m.negatable && !flag || !m.split.isEmpty() || !m.arity.isEmpty()
                        || m.usageHelp || m.versionHelp || f.getGenericType() instanceof ParameterizedType pt
                        && !supportedElements(pt)) {
                    return false;
                }
                f.setAccessible(true);
                Binding b = new Binding(target, f, m);
                options.add(b);
                for (String n : m.names) {
                    byName.put(n, b);
                    if (m.negatable && n.startsWith("--")) {
                        // picocli's negated form of --name is --no-name
                        byName.put("--no-" + n.substring(2), new Binding(target, f, m, true));
                    }
                }
            } else if (m.kind.equals("parameters")) {
                // one List<Path> of operands, as check has
                if (positional[0] != null || f.getType() != List.class || !(f.getGenericType() instanceof ParameterizedType pt)
                        || pt.getActualTypeArguments()[0] != Path.class || !m.index.isEmpty()) {
                    return false;
                }
                f.setAccessible(true);
                positional[0] = new Binding(target, f, null);
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean supported(Field f) {
        Class<?> t = f.getType();
        return t == String.class || t == Path.class || t == boolean.class || t == Boolean.class || t == long.class || t == int.class
                || t == List.class || t == Map.class;
    }

    private static boolean supportedElements(ParameterizedType pt) {
        for (Type a : pt.getActualTypeArguments()) {
            if (a != String.class && a != Path.class) {
                return false;
            }
        }
        return pt.getRawType() != Map.class || pt.getActualTypeArguments()[0] == String.class
                && pt.getActualTypeArguments()[1] == String.class;
    }

    @SuppressWarnings("unchecked")
    private static boolean assign(Binding b, String value, Set<Binding> seen) throws IllegalAccessException {
        Field f = b.field();
        Class<?> t = f.getType();
        Object target = b.target();
        if (t == String.class) {
            f.set(target, value);
        } else if (t == Path.class) {
            f.set(target, Path.of(value));
        } else if (t == long.class) {
            f.setLong(target, Long.parseLong(value));
        } else if (t == int.class) {
            f.setInt(target, Integer.parseInt(value));
        } else if (t == List.class) {
            Type element = ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
            ((List<Object>) f.get(target)).add(element == Path.class ? Path.of(value) : value);
        } else if (t == Map.class) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                return false;
            }
            ((Map<String, String>) f.get(target)).put(value.substring(0, eq), value.substring(eq + 1));
        } else {
            return false;
        }
        return true;
    }

    /** picocli's default value: a literal or {@code ${sys:NAME:-FALLBACK}}; anything else is left to picocli. */
    private static boolean applyDefault(Binding b) throws IllegalAccessException {
        String d = b.option().defaultValue;
        if (d.startsWith("${sys:") && d.endsWith("}")) {
            int sep = d.indexOf(":-");
            if (sep < 0) {
                return false;
            }
            String property = System.getProperty(d.substring(6, sep));
            d = property != null ? property : d.substring(sep + 2, d.length() - 1);
        }
        if (d.contains("${")) {
            return false;
        }
        Class<?> t = b.field().getType();
        if (t == List.class || t == Map.class || t == boolean.class) {
            return false;
        }
        return assign(b, d, new HashSet<>());
    }
}
