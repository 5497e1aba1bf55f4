package dev.preflight.load.terraform.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.preflight.load.terraform.hcl.HclExpression;
import dev.preflight.load.terraform.hcl.HclParser;
import dev.preflight.load.terraform.hcl.HclSyntaxException;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The built-in functions that network and compute configurations use ({@code terraform.md} section 4), with
 * Terraform's results (reference: {@code hashicorp/terraform} {@code internal/lang/funcs} and {@code go-cty}
 * {@code function/stdlib}). Any other function gives an unknown that names it. Unknown arguments: functions that
 * only arrange values ({@code concat}, {@code merge}, {@code length}, {@code element}, ...) keep unknown elements;
 * {@code join} and {@code format} keep unknown parts as a partly known string; the others are unknown as a whole.
 */
final class TerraformFunctions {
    private static final Set<String> STRUCTURAL = Set.of("concat", "merge", "length", "element", "lookup", "keys",
            "values", "zipmap", "slice", "flatten", "tolist", "tomap", "one", "coalesce", "coalescelist", "reverse",
            "join", "format", "sensitive", "nonsensitive", "compact", "contains", "tostring");

    /** Functions whose result Terraform only knows while applying. */
    private static final Set<String> APPLY_TIME = Set.of("timestamp", "uuid", "bcrypt", "uuidv5", "plantimestamp");

    private TerraformFunctions() {
    }

    /** An unknown argument that makes the whole result unknown (control flow inside the implementations). */
    private static final class UnknownArgument extends Exception {
        final Value unknown;

        UnknownArgument(Value unknown) {
            super(null, null, false, false);
            this.unknown = unknown;
        }
    }

    static Value call(String name, List<Value> args, SourceLocation at, ModuleInstance module,
                      ExpressionEvaluator ev) throws EvaluationError {
        if (APPLY_TIME.contains(name)) {
            return ConfigValues.undecided(name + "() is only known when applying", at);
        }
        if (!STRUCTURAL.contains(name)) {
            for (Value a : args) {
                Value u = ConfigValues.firstUnknown(a);
                if (u != null) {
                    return ConfigValues.at(ConfigValues.deref(u), at);
                }
            }
        }
        try {
            Value v = apply(name, args, at, module, ev);
            return v == null ? ConfigValues.notEvaluated(name, at) : v;
        } catch (UnknownArgument u) {
            return ConfigValues.at(ConfigValues.deref(u.unknown), at);
        }
    }

    private static void arity(String name, List<Value> args, int min, int max, SourceLocation at)
            throws EvaluationError {
        if (args.size() < min || args.size() > max) {
            throw new EvaluationError(at, name + "() takes " + (min == max ? String.valueOf(min)
                    : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max) + " arguments, not "
                    + args.size());
        }
    }

    private static Value known(Value v) throws UnknownArgument {
        if (ConfigValues.unknown(v)) {
            throw new UnknownArgument(v);
        }
        return ConfigValues.deref(v);
    }

    private static List<Value> list(Value v, String fn, SourceLocation at) throws EvaluationError, UnknownArgument {
        Value d = known(v);
        if (d instanceof Value.Seq s) {
            return s.items();
        }
        if (ConfigValues.isNull(d)) {
            throw new EvaluationError(at, fn + "(): the argument is null, a list is required");
        }
        throw new EvaluationError(at, fn + "(): a list is required, not " + ConfigValues.typeName(d));
    }

    private static Map<String, Value> map(Value v, String fn, SourceLocation at) throws EvaluationError, UnknownArgument {
        Value d = known(v);
        if (d instanceof Value.Struct s) {
            return s.fields();
        }
        throw new EvaluationError(at, fn + "(): a map or object is required, not " + ConfigValues.typeName(d));
    }

    private static String str(Value v, String fn, SourceLocation at) throws EvaluationError, UnknownArgument {
        Value d = known(v);
        if (ConfigValues.isNull(d)) {
            throw new EvaluationError(at, fn + "(): a string is required, not null");
        }
        return ConfigValues.string(d).orElseThrow(() -> new EvaluationError(at, fn + "(): a string is required, not "
                + ConfigValues.typeName(d)));
    }

    private static BigDecimal num(Value v, String fn, SourceLocation at) throws EvaluationError, UnknownArgument {
        return ExpressionEvaluator.number(known(v), null);
    }

    private static int integer(Value v, String fn, SourceLocation at) throws EvaluationError, UnknownArgument {
        BigDecimal n = num(v, fn, at);
        try {
            return n.intValueExact();
        } catch (ArithmeticException e) {
            throw new EvaluationError(at, fn + "(): " + n + " is not a whole number");
        }
    }

    private static Value seq(List<Value> items, SourceLocation at) {
        return new Value.Seq(items, at);
    }

    private static Value text(String s, SourceLocation at) {
        return ConfigValues.text(s, at);
    }

    private static Value apply(String name, List<Value> a, SourceLocation at, ModuleInstance module,
                               ExpressionEvaluator ev) throws EvaluationError, UnknownArgument {
        switch (name) {
            case "sensitive", "nonsensitive" -> {
                arity(name, a, 1, 1, at);
                return a.get(0);
            }
            case "length" -> {
                arity(name, a, 1, 1, at);
                Value d = known(a.get(0));
                if (d instanceof Value.Seq s) {
                    return ConfigValues.num(s.items().size(), at);
                }
                if (d instanceof Value.Struct s) {
                    return ConfigValues.num(s.fields().size(), at);
                }
                if (d instanceof Value.Text t) {
                    return ConfigValues.num(t.value().codePointCount(0, t.value().length()), at);
                }
                throw new EvaluationError(at, "length(): a list, map or string is required");
            }
            case "concat" -> {
                List<Value> out = new ArrayList<>();
                for (Value v : a) {
                    out.addAll(list(v, name, at));
                }
                return seq(out, at);
            }
            case "merge" -> {
                Map<String, Value> out = new LinkedHashMap<>();
                for (Value v : a) {
                    if (ConfigValues.isNull(v)) {
                        continue;
                    }
                    out.putAll(map(v, name, at));
                }
                return new Value.Struct(out, at);
            }
            case "lookup" -> {
                arity(name, a, 2, 3, at);
                Map<String, Value> m = map(a.get(0), name, at);
                String k = str(a.get(1), name, at);
                Value v = m.get(k);
                if (v != null) {
                    return v;
                }
                if (a.size() == 3) {
                    return a.get(2);
                }
                throw new EvaluationError(at, "lookup(): the map has no key \"" + k + "\" and no default is given");
            }
            case "element" -> {
                arity(name, a, 2, 2, at);
                List<Value> l = list(a.get(0), name, at);
                if (l.isEmpty()) {
                    throw new EvaluationError(at, "element(): cannot use element on an empty list");
                }
                int i = integer(a.get(1), name, at);
                if (i < 0) {
                    throw new EvaluationError(at, "element(): a negative index is not allowed");
                }
                return l.get(i % l.size());
            }
            case "index" -> {
                arity(name, a, 2, 2, at);
                List<Value> l = list(a.get(0), name, at);
                for (int i = 0; i < l.size(); i++) {
                    if (ConfigValues.equal(l.get(i), a.get(1))) {
                        return ConfigValues.num(i, at);
                    }
                }
                throw new EvaluationError(at, "index(): the item is not in the list");
            }
            case "contains" -> {
                arity(name, a, 2, 2, at);
                List<Value> l = list(a.get(0), name, at);
                boolean anyUnknown = false;
                for (Value v : l) {
                    if (ConfigValues.hasUnknown(v)) {
                        anyUnknown = true;
                    } else if (ConfigValues.equal(v, known(a.get(1)))) {
                        return ConfigValues.bool(true, at);
                    }
                }
                if (anyUnknown) {
                    throw new UnknownArgument(ConfigValues.firstUnknown(a.get(0)));
                }
                return ConfigValues.bool(false, at);
            }
            case "coalesce" -> {
                for (Value v : a) {
                    Value d = known(v);
                    if (!ConfigValues.isNull(d) && !(d instanceof Value.Text t && t.value().isEmpty())) {
                        return v;
                    }
                }
                throw new EvaluationError(at, "coalesce(): no non-null, non-empty argument");
            }
            case "coalescelist" -> {
                for (Value v : a) {
                    if (!list(v, name, at).isEmpty()) {
                        return v;
                    }
                }
                throw new EvaluationError(at, "coalescelist(): no non-empty list argument");
            }
            case "compact" -> {
                arity(name, a, 1, 1, at);
                List<Value> out = new ArrayList<>();
                for (Value v : list(a.get(0), name, at)) {
                    Value d = known(v);
                    if (!ConfigValues.isNull(d) && !(d instanceof Value.Text t && t.value().isEmpty())) {
                        out.add(v);
                    }
                }
                return seq(out, at);
            }
            case "flatten" -> {
                arity(name, a, 1, 1, at);
                List<Value> out = new ArrayList<>();
                flatten(a.get(0), out, name, at);
                return seq(out, at);
            }
            case "distinct" -> {
                arity(name, a, 1, 1, at);
                return seq(distinct(list(a.get(0), name, at)), at);
            }
            case "keys" -> {
                arity(name, a, 1, 1, at);
                List<Value> out = new ArrayList<>();
                for (String k : new TreeMap<>(map(a.get(0), name, at)).keySet()) {
                    out.add(text(k, at));
                }
                return seq(out, at);
            }
            case "values" -> {
                arity(name, a, 1, 1, at);
                return seq(new ArrayList<>(new TreeMap<>(map(a.get(0), name, at)).values()), at);
            }
            case "zipmap" -> {
                arity(name, a, 2, 2, at);
                List<Value> k = list(a.get(0), name, at);
                List<Value> v = list(a.get(1), name, at);
                if (k.size() != v.size()) {
                    throw new EvaluationError(at, "zipmap(): the lists have different lengths (" + k.size() + " and "
                            + v.size() + ")");
                }
                Map<String, Value> out = new LinkedHashMap<>();
                for (int i = 0; i < k.size(); i++) {
                    out.put(str(k.get(i), name, at), v.get(i));
                }
                return new Value.Struct(out, at);
            }
            case "slice" -> {
                arity(name, a, 3, 3, at);
                List<Value> l = list(a.get(0), name, at);
                int from = integer(a.get(1), name, at);
                int to = integer(a.get(2), name, at);
                if (from < 0 || to > l.size() || from > to) {
                    throw new EvaluationError(at, "slice(): the range " + from + ".." + to + " is outside the list of "
                            + l.size() + " elements");
                }
                return seq(new ArrayList<>(l.subList(from, to)), at);
            }
            case "range" -> {
                arity(name, a, 1, 3, at);
                BigDecimal start = a.size() == 1 ? BigDecimal.ZERO : num(a.get(0), name, at);
                BigDecimal end = num(a.get(a.size() == 1 ? 0 : 1), name, at);
                BigDecimal step = a.size() == 3 ? num(a.get(2), name, at)
                        : BigDecimal.valueOf(start.compareTo(end) <= 0 ? 1 : -1);
                if (step.signum() == 0) {
                    throw new EvaluationError(at, "range(): the step must not be zero");
                }
                List<Value> out = new ArrayList<>();
                for (BigDecimal x = start; step.signum() > 0 ? x.compareTo(end) < 0 : x.compareTo(end) > 0;
                     x = x.add(step)) {
                    if (out.size() > 1024) {
                        throw new EvaluationError(at, "range(): more than 1024 elements");
                    }
                    out.add(ConfigValues.num(x, at));
                }
                return seq(out, at);
            }
            case "reverse" -> {
                arity(name, a, 1, 1, at);
                List<Value> out = new ArrayList<>(list(a.get(0), name, at));
                java.util.Collections.reverse(out);
                return seq(out, at);
            }
            case "sort" -> {
                arity(name, a, 1, 1, at);
                List<String> out = new ArrayList<>();
                for (Value v : list(a.get(0), name, at)) {
                    out.add(str(v, name, at));
                }
                out.sort(null);
                return seq(out.stream().map(s -> text(s, at)).toList(), at);
            }
            case "one" -> {
                arity(name, a, 1, 1, at);
                List<Value> l = list(a.get(0), name, at);
                if (l.size() > 1) {
                    throw new EvaluationError(at, "one(): the list has " + l.size() + " elements, at most one allowed");
                }
                return l.isEmpty() ? ConfigValues.nul(at) : l.get(0);
            }
            case "alltrue", "anytrue" -> {
                arity(name, a, 1, 1, at);
                boolean all = name.equals("alltrue");
                for (Value v : list(a.get(0), name, at)) {
                    boolean b = ExpressionEvaluator.bool(known(v), null);
                    if (b != all) {
                        return ConfigValues.bool(!all, at);
                    }
                }
                return ConfigValues.bool(all, at);
            }
            case "setunion", "setintersection", "setsubtract" -> {
                arity(name, a, name.equals("setsubtract") ? 2 : 1, name.equals("setsubtract") ? 2 : Integer.MAX_VALUE, at);
                List<Value> acc = distinct(list(a.get(0), name, at));
                for (int i = 1; i < a.size(); i++) {
                    List<Value> other = list(a.get(i), name, at);
                    Set<String> keys = new LinkedHashSet<>();
                    for (Value v : other) {
                        keys.add(ConfigValues.canonical(v));
                    }
                    List<Value> next = new ArrayList<>();
                    if (name.equals("setunion")) {
                        next.addAll(acc);
                        next.addAll(other);
                        next = distinct(next);
                    } else {
                        boolean keep = name.equals("setintersection");
                        for (Value v : acc) {
                            if (keys.contains(ConfigValues.canonical(v)) == keep) {
                                next.add(v);
                            }
                        }
                    }
                    acc = next;
                }
                return seq(setOrder(acc), at);
            }
            case "toset" -> {
                arity(name, a, 1, 1, at);
                return seq(setOrder(distinct(list(a.get(0), name, at))), at);
            }
            case "tolist" -> {
                arity(name, a, 1, 1, at);
                return seq(list(a.get(0), name, at), at);
            }
            case "tomap" -> {
                arity(name, a, 1, 1, at);
                return new Value.Struct(map(a.get(0), name, at), at);
            }
            case "tostring" -> {
                arity(name, a, 1, 1, at);
                Value d = known(a.get(0));
                if (ConfigValues.isNull(d)) {
                    return d;
                }
                return text(str(d, name, at), at);
            }
            case "tonumber" -> {
                arity(name, a, 1, 1, at);
                Value d = known(a.get(0));
                return ConfigValues.isNull(d) ? d : ConfigValues.num(num(d, name, at), at);
            }
            case "tobool" -> {
                arity(name, a, 1, 1, at);
                Value d = known(a.get(0));
                return ConfigValues.isNull(d) ? d : ConfigValues.bool(ExpressionEvaluator.bool(d, null), at);
            }
            case "max", "min" -> {
                if (a.isEmpty()) {
                    throw new EvaluationError(at, name + "() needs at least one argument");
                }
                BigDecimal best = null;
                for (Value v : a) {
                    BigDecimal n = num(v, name, at);
                    if (best == null || (name.equals("max") ? n.compareTo(best) > 0 : n.compareTo(best) < 0)) {
                        best = n;
                    }
                }
                return ConfigValues.num(best, at);
            }
            case "abs" -> {
                arity(name, a, 1, 1, at);
                return ConfigValues.num(num(a.get(0), name, at).abs(), at);
            }
            case "ceil", "floor" -> {
                arity(name, a, 1, 1, at);
                return ConfigValues.num(num(a.get(0), name, at).setScale(0, name.equals("ceil") ? RoundingMode.CEILING
                        : RoundingMode.FLOOR), at);
            }
            case "join" -> {
                arity(name, a, 2, Integer.MAX_VALUE, at);
                String sep = str(a.get(0), name, at);
                List<Value> parts = new ArrayList<>();
                boolean first = true;
                for (int i = 1; i < a.size(); i++) {
                    for (Value v : list(a.get(i), name, at)) {
                        if (!first) {
                            parts.add(text(sep, null));
                        }
                        first = false;
                        parts.add(ConfigValues.unknown(v) ? ConfigValues.deref(v) : text(str(v, name, at), null));
                    }
                }
                return ExpressionEvaluator.joinParts(parts, at);
            }
            case "split" -> {
                arity(name, a, 2, 2, at);
                String sep = str(a.get(0), name, at);
                String s = str(a.get(1), name, at);
                List<Value> out = new ArrayList<>();
                if (s.isEmpty()) {
                    return seq(List.of(), at);
                }
                if (sep.isEmpty()) {
                    s.codePoints().forEach(cp -> out.add(text(new String(Character.toChars(cp)), at)));
                    return seq(out, at);
                }
                for (String p : s.split(Pattern.quote(sep), -1)) {
                    out.add(text(p, at));
                }
                return seq(out, at);
            }
            case "format" -> {
                arity(name, a, 1, Integer.MAX_VALUE, at);
                return format(str(a.get(0), name, at), a.subList(1, a.size()), at);
            }
            case "formatlist" -> {
                arity(name, a, 1, Integer.MAX_VALUE, at);
                String spec = str(a.get(0), name, at);
                int n = -1;
                for (int i = 1; i < a.size(); i++) {
                    if (known(a.get(i)) instanceof Value.Seq s) {
                        if (n >= 0 && n != s.items().size()) {
                            throw new EvaluationError(at, "formatlist(): the lists have different lengths");
                        }
                        n = s.items().size();
                    }
                }
                if (n < 0) {
                    n = 1;
                }
                List<Value> out = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    List<Value> row = new ArrayList<>();
                    for (int i = 1; i < a.size(); i++) {
                        Value d = known(a.get(i));
                        row.add(d instanceof Value.Seq s ? s.items().get(k) : d);
                    }
                    out.add(format(spec, row, at));
                }
                return seq(out, at);
            }
            case "replace" -> {
                arity(name, a, 3, 3, at);
                String s = str(a.get(0), name, at);
                String search = str(a.get(1), name, at);
                String repl = str(a.get(2), name, at);
                if (search.length() > 1 && search.startsWith("/") && search.endsWith("/")) {
                    Matcher m = regex(search.substring(1, search.length() - 1), at).matcher(s);
                    return text(m.replaceAll(repl.replace("\\", "\\\\").replaceAll("\\$\\{(\\w+)}", "\\${$1}")), at);
                }
                return text(s.replace(search, repl), at);
            }
            case "lower" -> {
                arity(name, a, 1, 1, at);
                return text(str(a.get(0), name, at).toLowerCase(Locale.ROOT), at);
            }
            case "upper" -> {
                arity(name, a, 1, 1, at);
                return text(str(a.get(0), name, at).toUpperCase(Locale.ROOT), at);
            }
            case "title" -> {
                arity(name, a, 1, 1, at);
                String s = str(a.get(0), name, at);
                StringBuilder b = new StringBuilder();
                boolean start = true;
                for (char c : s.toCharArray()) {
                    b.append(start ? Character.toTitleCase(c) : c);
                    start = !Character.isLetterOrDigit(c);
                }
                return text(b.toString(), at);
            }
            case "trimspace" -> {
                arity(name, a, 1, 1, at);
                return text(str(a.get(0), name, at).strip(), at);
            }
            case "trim" -> {
                arity(name, a, 2, 2, at);
                String s = str(a.get(0), name, at);
                String cut = str(a.get(1), name, at);
                int b = 0;
                int e = s.length();
                while (b < e && cut.indexOf(s.charAt(b)) >= 0) {
                    b++;
                }
                while (e > b && cut.indexOf(s.charAt(e - 1)) >= 0) {
                    e--;
                }
                return text(s.substring(b, e), at);
            }
            case "trimprefix" -> {
                arity(name, a, 2, 2, at);
                String s = str(a.get(0), name, at);
                String p = str(a.get(1), name, at);
                return text(s.startsWith(p) ? s.substring(p.length()) : s, at);
            }
            case "trimsuffix" -> {
                arity(name, a, 2, 2, at);
                String s = str(a.get(0), name, at);
                String p = str(a.get(1), name, at);
                return text(s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s, at);
            }
            case "substr" -> {
                arity(name, a, 3, 3, at);
                int[] cps = str(a.get(0), name, at).codePoints().toArray();
                int off = integer(a.get(1), name, at);
                int len = integer(a.get(2), name, at);
                if (off < 0) {
                    off = Math.max(0, cps.length + off);
                }
                if (off > cps.length) {
                    throw new EvaluationError(at, "substr(): the offset is beyond the end of the string");
                }
                int end = len < 0 ? cps.length : Math.min(cps.length, off + len);
                return text(new String(cps, off, end - off), at);
            }
            case "startswith", "endswith" -> {
                arity(name, a, 2, 2, at);
                String s = str(a.get(0), name, at);
                String p = str(a.get(1), name, at);
                return ConfigValues.bool(name.equals("startswith") ? s.startsWith(p) : s.endsWith(p), at);
            }
            case "strcontains" -> {
                arity(name, a, 2, 2, at);
                return ConfigValues.bool(str(a.get(0), name, at).contains(str(a.get(1), name, at)), at);
            }
            case "regex", "regexall" -> {
                arity(name, a, 2, 2, at);
                Pattern p = regex(str(a.get(0), name, at), at);
                Matcher m = p.matcher(str(a.get(1), name, at));
                List<Value> all = new ArrayList<>();
                while (m.find()) {
                    all.add(match(m, p, at));
                    if (name.equals("regex")) {
                        return all.get(0);
                    }
                }
                if (name.equals("regex")) {
                    throw new EvaluationError(at, "regex(): the pattern did not match");
                }
                return seq(all, at);
            }
            case "base64encode" -> {
                arity(name, a, 1, 1, at);
                return text(Base64.getEncoder().encodeToString(str(a.get(0), name, at).getBytes(StandardCharsets.UTF_8)),
                        at);
            }
            case "base64decode" -> {
                arity(name, a, 1, 1, at);
                try {
                    return text(new String(Base64.getDecoder().decode(str(a.get(0), name, at)), StandardCharsets.UTF_8),
                            at);
                } catch (IllegalArgumentException e) {
                    throw new EvaluationError(at, "base64decode(): not valid base64");
                }
            }
            case "jsonencode" -> {
                arity(name, a, 1, 1, at);
                StringBuilder b = new StringBuilder();
                json(a.get(0), b, at);
                return text(b.toString(), at);
            }
            case "jsondecode" -> {
                arity(name, a, 1, 1, at);
                return jsonDecode(str(a.get(0), name, at), at);
            }
            case "yamldecode" -> {
                arity(name, a, 1, 1, at);
                try {
                    Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(str(a.get(0), name, at));
                    return fromJava(o, at);
                } catch (RuntimeException e) {
                    throw new EvaluationError(at, "yamldecode(): not valid YAML");
                }
            }
            case "file" -> {
                arity(name, a, 1, 1, at);
                return text(readFile(str(a.get(0), name, at), module, at), at);
            }
            case "fileexists" -> {
                arity(name, a, 1, 1, at);
                return ConfigValues.bool(Files.isRegularFile(module.run().rootPath(str(a.get(0), name, at))), at);
            }
            case "templatefile" -> {
                arity(name, a, 2, 2, at);
                String path = str(a.get(0), name, at);
                String content = readFile(path, module, at);
                Map<String, Value> vars = map(a.get(1), name, at);
                HclExpression tpl;
                try {
                    tpl = HclParser.parseTemplate(path, content, null);
                } catch (HclSyntaxException e) {
                    throw new EvaluationError(at, "templatefile(): " + e.getMessage());
                }
                Scope scope = new Scope() {
                    @Override
                    public Value lookup(String root, List<String> names, int[] used, SourceLocation where) {
                        used[0] = 0;
                        return vars.get(root);
                    }

                    @Override
                    public ModuleInstance module() {
                        return module;
                    }
                };
                return ev.eval(tpl, scope);
            }
            case "cidrsubnet" -> {
                arity(name, a, 3, 3, at);
                Cidr c = Cidr.parse(str(a.get(0), name, at), at);
                return text(c.subnet(integer(a.get(1), name, at), new BigInteger(num(a.get(2), name, at)
                        .toBigInteger().toString()), at).toString(), at);
            }
            case "cidrsubnets" -> {
                arity(name, a, 1, Integer.MAX_VALUE, at);
                Cidr c = Cidr.parse(str(a.get(0), name, at), at);
                List<Integer> bits = new ArrayList<>();
                for (int i = 1; i < a.size(); i++) {
                    bits.add(integer(a.get(i), name, at));
                }
                return seq(c.subnets(bits, at).stream().map(s -> text(s.toString(), at)).toList(), at);
            }
            case "cidrhost" -> {
                arity(name, a, 2, 2, at);
                Cidr c = Cidr.parse(str(a.get(0), name, at), at);
                return text(c.host(num(a.get(1), name, at).toBigInteger(), at), at);
            }
            case "cidrnetmask" -> {
                arity(name, a, 1, 1, at);
                return text(Cidr.parse(str(a.get(0), name, at), at).netmask(at), at);
            }
            default -> {
                return null;
            }
        }
    }

    private static void flatten(Value v, List<Value> out, String fn, SourceLocation at)
            throws EvaluationError, UnknownArgument {
        for (Value i : list(v, fn, at)) {
            if (known(i) instanceof Value.Seq) {
                flatten(i, out, fn, at);
            } else {
                out.add(i);
            }
        }
    }

    private static List<Value> distinct(List<Value> items) throws UnknownArgument {
        Map<String, Value> seen = new LinkedHashMap<>();
        for (Value v : items) {
            if (ConfigValues.hasUnknown(v)) {
                throw new UnknownArgument(ConfigValues.firstUnknown(v));
            }
            seen.putIfAbsent(ConfigValues.canonical(v), v);
        }
        return new ArrayList<>(seen.values());
    }

    /** Terraform orders sets of strings lexically and sets of numbers by value. */
    private static List<Value> setOrder(List<Value> items) {
        List<Value> out = new ArrayList<>(items);
        if (out.stream().allMatch(v -> ConfigValues.deref(v) instanceof Value.Text)) {
            out.sort(Comparator.comparing(v -> ((Value.Text) ConfigValues.deref(v)).value()));
        } else if (out.stream().allMatch(v -> ConfigValues.deref(v) instanceof Value.Num)) {
            out.sort(Comparator.comparing(v -> ((Value.Num) ConfigValues.deref(v)).value()));
        }
        return out;
    }

    private static Pattern regex(String re, SourceLocation at) throws EvaluationError {
        try {
            // RE2 and Java agree on the syntax configurations use; named groups are (?P<name>...) in RE2
            return Pattern.compile(re.replace("(?P<", "(?<"));
        } catch (PatternSyntaxException e) {
            throw new EvaluationError(at, "invalid regular expression " + re);
        }
    }

    private static Value match(Matcher m, Pattern p, SourceLocation at) {
        if (m.groupCount() == 0) {
            return text(m.group(), at);
        }
        Matcher names = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(p.pattern());
        Map<String, Value> named = new LinkedHashMap<>();
        while (names.find()) {
            String n = names.group(1);
            String g = m.group(n);
            named.put(n, g == null ? ConfigValues.nul(at) : text(g, at));
        }
        if (!named.isEmpty()) {
            return new Value.Struct(named, at);
        }
        List<Value> groups = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
            groups.add(m.group(i) == null ? ConfigValues.nul(at) : text(m.group(i), at));
        }
        return seq(groups, at);
    }

    private static String readFile(String path, ModuleInstance module, SourceLocation at) throws EvaluationError {
        Path p = module.run().rootPath(path);
        try {
            if (Files.size(p) > 16L * 1024 * 1024) {
                throw new EvaluationError(at, "file " + path + " is larger than 16 MB");
            }
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new EvaluationError(at, "cannot read file " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    // ---- format ----

    private static final Pattern VERB = Pattern.compile("%(\\[\\d+])?([-+# 0]*)(\\d+)?(?:\\.(\\d+))?([a-zA-Z%])");

    private static Value format(String spec, List<Value> args, SourceLocation at) throws EvaluationError, UnknownArgument {
        List<Value> parts = new ArrayList<>();
        Matcher m = VERB.matcher(spec);
        int last = 0;
        int next = 0;
        StringBuilder lit = new StringBuilder();
        while (m.find()) {
            lit.append(spec, last, m.start());
            last = m.end();
            char verb = m.group(5).charAt(0);
            if (verb == '%') {
                lit.append('%');
                continue;
            }
            int argIndex = m.group(1) != null ? Integer.parseInt(m.group(1).substring(1, m.group(1).length() - 1)) - 1
                    : next;
            next = argIndex + 1;
            if (argIndex < 0 || argIndex >= args.size()) {
                throw new EvaluationError(at, "format(): not enough arguments for " + spec);
            }
            Value arg = args.get(argIndex);
            if (ConfigValues.unknown(arg)) {
                parts.add(text(lit.toString(), null));
                lit.setLength(0);
                parts.add(ConfigValues.deref(arg));
                continue;
            }
            String flags = m.group(2);
            String width = m.group(3) == null ? "" : m.group(3);
            String prec = m.group(4) == null ? "" : "." + m.group(4);
            Value d = ConfigValues.deref(arg);
            String out;
            switch (verb) {
                case 's', 'v' -> {
                    String s = d instanceof Value.Seq || d instanceof Value.Struct ? jsonText(d, at)
                            : str(d, "format", at);
                    if (!prec.isEmpty()) {
                        s = s.substring(0, Math.min(s.length(), Integer.parseInt(prec.substring(1))));
                    }
                    out = pad(s, flags, width);
                }
                case 'q' -> out = pad(jsonText(text(str(d, "format", at), at), at), flags, width);
                case 't' -> out = pad(Boolean.toString(ExpressionEvaluator.bool(d, null)), flags, width);
                case 'd' -> out = String.format(Locale.ROOT, "%" + flags + width + "d",
                        ExpressionEvaluator.number(d, null).toBigIntegerExact());
                case 'f', 'e', 'g' -> out = String.format(Locale.ROOT, "%" + flags + width
                        + (prec.isEmpty() && verb == 'f' ? ".6" : prec) + verb, ExpressionEvaluator.number(d, null));
                case 'x', 'X', 'o', 'b' -> {
                    BigInteger n = ExpressionEvaluator.number(d, null).toBigIntegerExact();
                    String s = n.toString(verb == 'o' ? 8 : verb == 'b' ? 2 : 16);
                    out = pad(verb == 'X' ? s.toUpperCase(Locale.ROOT) : s, flags, width);
                }
                default -> throw new EvaluationError(at, "format(): unsupported verb %" + verb);
            }
            lit.append(out);
        }
        lit.append(spec.substring(last));
        parts.add(text(lit.toString(), null));
        return ExpressionEvaluator.joinParts(parts, at);
    }

    private static String pad(String s, String flags, String width) {
        if (width.isEmpty()) {
            return s;
        }
        int w = Integer.parseInt(width);
        if (s.length() >= w) {
            return s;
        }
        String fill = (flags.contains("0") && !flags.contains("-") ? "0" : " ").repeat(w - s.length());
        return flags.contains("-") ? s + fill : fill + s;
    }

    // ---- JSON ----

    private static String jsonText(Value v, SourceLocation at) throws EvaluationError, UnknownArgument {
        StringBuilder b = new StringBuilder();
        json(v, b, at);
        return b.toString();
    }

    /** As Terraform's jsonencode: object keys sorted, no whitespace, {@code <>&} escaped as Go does. */
    private static void json(Value v, StringBuilder b, SourceLocation at) throws EvaluationError, UnknownArgument {
        Value d = known(v);
        if (ConfigValues.isNull(d)) {
            b.append("null");
        } else if (d instanceof Value.Text t) {
            b.append('"');
            for (int i = 0; i < t.value().length(); i++) {
                char c = t.value().charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(b, c);
                    default -> {
                        if (c < 0x20) {
                            unicodeEscape(b, c);
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        } else if (d instanceof Value.Num n) {
            b.append(n.raw());
        } else if (d instanceof Value.Bool x) {
            b.append(x.value());
        } else if (d instanceof Value.Seq s) {
            b.append('[');
            for (int i = 0; i < s.items().size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                json(s.items().get(i), b, at);
            }
            b.append(']');
        } else if (d instanceof Value.Struct s) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, Value> e : new TreeMap<>(s.fields()).entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                json(ConfigValues.text(e.getKey(), at), b, at);
                b.append(':');
                json(e.getValue(), b, at);
            }
            b.append('}');
        } else {
            throw new EvaluationError(at, "jsonencode(): cannot encode " + ConfigValues.typeName(d));
        }
    }

    /** {@code \\u003c}: without String.format, whose Formatter and locale data cost a pre-commit run its start-up. */
    private static void unicodeEscape(StringBuilder b, char c) {
        String hex = Integer.toHexString(c);
        b.append("\\u").append("0000", hex.length(), 4).append(hex);
    }

    private static final JsonFactory JSON = new JsonFactory();

    static Value jsonDecode(String s, SourceLocation at) throws EvaluationError {
        try (JsonParser p = JSON.createParser(s)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new EvaluationError(at, "jsondecode(): empty JSON");
            }
            Value v = jsonValue(p, t, at, 0);
            if (p.nextToken() != null) {
                throw new EvaluationError(at, "jsondecode(): extra text after the JSON value");
            }
            return v;
        } catch (IOException e) {
            throw new EvaluationError(at, "jsondecode(): not valid JSON");
        }
    }

    private static Value jsonValue(JsonParser p, JsonToken t, SourceLocation at, int depth)
            throws IOException, EvaluationError {
        if (depth > 200) {
            throw new EvaluationError(at, "jsondecode(): nested too deeply");
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Value> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    m.put(k, jsonValue(p, p.nextToken(), at, depth + 1));
                }
                return new Value.Struct(m, at);
            }
            case START_ARRAY -> {
                List<Value> l = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(jsonValue(p, n, at, depth + 1));
                }
                return seq(l, at);
            }
            case VALUE_STRING -> {
                return text(p.getText(), at);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return ConfigValues.num(p.getDecimalValue(), at);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return ConfigValues.bool(t == JsonToken.VALUE_TRUE, at);
            }
            default -> {
                return ConfigValues.nul(at);
            }
        }
    }

    private static Value fromJava(Object o, SourceLocation at) {
        if (o == null) {
            return ConfigValues.nul(at);
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Value> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), fromJava(e.getValue(), at));
            }
            return new Value.Struct(out, at);
        }
        if (o instanceof Collection<?> c) {
            List<Value> out = new ArrayList<>();
            for (Object x : c) {
                out.add(fromJava(x, at));
            }
            return seq(out, at);
        }
        if (o instanceof Boolean b) {
            return ConfigValues.bool(b, at);
        }
        if (o instanceof Number n) {
            return ConfigValues.num(new BigDecimal(n.toString()), at);
        }
        return text(String.valueOf(o), at);
    }

    // ---- CIDR ----

    /** An IPv4 or IPv6 prefix, as go-cidr computes with it. */
    record Cidr(BigInteger address, int prefix, int bits) {
        static Cidr parse(String s, SourceLocation at) throws EvaluationError {
            int slash = s.indexOf('/');
            if (slash < 0) {
                throw new EvaluationError(at, "invalid CIDR address \"" + s + "\"");
            }
            int prefix;
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new EvaluationError(at, "invalid CIDR address \"" + s + "\"");
            }
            String ip = s.substring(0, slash);
            BigInteger addr;
            int bits;
            if (ip.contains(":")) {
                bits = 128;
                addr = parseV6(ip, s, at);
            } else {
                bits = 32;
                String[] o = ip.split("\\.", -1);
                if (o.length != 4) {
                    throw new EvaluationError(at, "invalid CIDR address \"" + s + "\"");
                }
                long v = 0;
                for (String x : o) {
                    int n;
                    try {
                        n = Integer.parseInt(x);
                    } catch (NumberFormatException e) {
                        throw new EvaluationError(at, "invalid CIDR address \"" + s + "\"");
                    }
                    if (n < 0 || n > 255 || (x.length() > 1 && x.startsWith("0"))) {
                        throw new EvaluationError(at, "invalid CIDR address \"" + s + "\"");
                    }
                    v = v * 256 + n;
                }
                addr = BigInteger.valueOf(v);
            }
            if (prefix < 0 || prefix > bits) {
                throw new EvaluationError(at, "invalid CIDR address \"" + s + "\"");
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE).not();
            return new Cidr(addr.and(mask).and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)), prefix, bits);
        }

        private static BigInteger parseV6(String ip, String s, SourceLocation at) throws EvaluationError {
            String[] halves = ip.split("::", -1);
            if (halves.length > 2) {
                throw new EvaluationError(at, "invalid CIDR address \"" + s + "\"");
            }
            List<String> head = halves[0].isEmpty() ? List.of() : List.of(halves[0].split(":"));
            List<String> tail = halves.length < 2 || halves[1].isEmpty() ? List.of() : List.of(halves[1].split(":"));
            int missing = 8 - head.size() - tail.size();
            if ((halves.length == 1 && missing != 0) || missing < 0) {
                throw new EvaluationError(at, "invalid CIDR address \"" + s + "\"");
            }
            BigInteger v = BigInteger.ZERO;
            List<String> groups = new ArrayList<>(head);
            for (int i = 0; i < missing; i++) {
                groups.add("0");
            }
            groups.addAll(tail);
            for (String g : groups) {
                try {
                    int n = Integer.parseInt(g, 16);
                    if (g.length() > 4 || n < 0) {
                        throw new NumberFormatException();
                    }
                    v = v.shiftLeft(16).or(BigInteger.valueOf(n));
                } catch (NumberFormatException e) {
                    throw new EvaluationError(at, "invalid CIDR address \"" + s + "\"");
                }
            }
            return v;
        }

        Cidr subnet(int newbits, BigInteger netnum, SourceLocation at) throws EvaluationError {
            int p = prefix + newbits;
            if (newbits < 0 || p > bits) {
                throw new EvaluationError(at, "cidrsubnet(): insufficient address space to extend prefix of " + prefix
                        + " by " + newbits);
            }
            if (netnum.signum() < 0 || netnum.compareTo(BigInteger.ONE.shiftLeft(newbits)) >= 0) {
                throw new EvaluationError(at, "cidrsubnet(): prefix extension of " + newbits
                        + " does not accommodate a subnet numbered " + netnum);
            }
            return new Cidr(address.or(netnum.shiftLeft(bits - p)), p, bits);
        }

        private BigInteger size(int p) {
            return BigInteger.ONE.shiftLeft(bits - p);
        }

        private BigInteger modulus() {
            return BigInteger.ONE.shiftLeft(bits);
        }

        private BigInteger maskTo(BigInteger a, int p) {
            return a.subtract(a.mod(size(p)));
        }

        List<Cidr> subnets(List<Integer> newbits, SourceLocation at) throws EvaluationError {
            List<Cidr> out = new ArrayList<>();
            if (newbits.isEmpty()) {
                return out;
            }
            int first = prefix + newbits.get(0);
            if (first > bits) {
                throw new EvaluationError(at, "cidrsubnets(): not enough remaining address space");
            }
            // go-cidr: start from the subnet before the first, then NextSubnet for each length
            BigInteger curAddr = maskTo(address.subtract(BigInteger.ONE).mod(modulus()), first);
            int curPrefix = first;
            BigInteger end = address.add(size(prefix));
            for (int nb : newbits) {
                int p = prefix + nb;
                if (nb < 1 || p > bits) {
                    throw new EvaluationError(at, "cidrsubnets(): invalid new bits " + nb);
                }
                BigInteger currentLast = curAddr.add(size(curPrefix)).subtract(BigInteger.ONE);
                BigInteger subnet = maskTo(currentLast, p);
                BigInteger next = subnet.add(size(p)).mod(modulus());
                next = maskTo(next, p);
                if (next.compareTo(address) < 0 || next.add(size(p)).compareTo(end) > 0) {
                    throw new EvaluationError(at, "cidrsubnets(): not enough remaining address space for a subnet with "
                            + "a prefix of " + p + " bits after " + out.size() + " subnets");
                }
                out.add(new Cidr(next, p, bits));
                curAddr = next;
                curPrefix = p;
            }
            return out;
        }

        String host(BigInteger hostnum, SourceLocation at) throws EvaluationError {
            BigInteger size = size(prefix);
            BigInteger n = hostnum.signum() < 0 ? size.add(hostnum) : hostnum;
            if (n.signum() < 0 || n.compareTo(size) >= 0) {
                throw new EvaluationError(at, "cidrhost(): prefix of " + prefix + " does not accommodate a host numbered "
                        + hostnum);
            }
            return format(address.add(n));
        }

        String netmask(SourceLocation at) throws EvaluationError {
            if (bits != 32) {
                throw new EvaluationError(at, "cidrnetmask(): only IPv4 prefixes have a netmask");
            }
            return format(BigInteger.ONE.shiftLeft(32).subtract(size(prefix)));
        }

        String format(BigInteger a) {
            if (bits == 32) {
                long v = a.longValue();
                return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
            }
            int[] g = new int[8];
            for (int i = 7; i >= 0; i--) {
                g[i] = a.and(BigInteger.valueOf(0xffff)).intValue();
                a = a.shiftRight(16);
            }
            // RFC 5952: the longest run of two or more zero groups becomes ::
            int bestStart = -1;
            int bestLen = 1;
            for (int i = 0; i < 8; ) {
                if (g[i] == 0) {
                    int j = i;
                    while (j < 8 && g[j] == 0) {
                        j++;
                    }
                    if (j - i > bestLen) {
                        bestStart = i;
                        bestLen = j - i;
                    }
                    i = j;
                } else {
                    i++;
                }
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    b.append("::");
                    i += bestLen - 1;
                    continue;
                }
                if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                    b.append(':');
                }
                b.append(Integer.toHexString(g[i]));
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return format(address) + "/" + prefix;
        }
    }
}
