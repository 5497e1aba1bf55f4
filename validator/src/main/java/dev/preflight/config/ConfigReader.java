package dev.preflight.config;

import dev.preflight.rule.Severity;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code .preflight.yaml}. Unknown keys, wrong types, unknown rule ids, bad dates and waivers without a
 * reason are errors naming the file and line: a configuration that silently does less than it says is worse
 * than none.
 */
public final class ConfigReader {
    private static final Pattern RULE_ID = Pattern.compile("GD\\d{3}|\\*|[a-z0-9-]+:.+");
    private static final Set<String> TOP_KEYS = Set.of("version", "failOn", "unknownSeverity", "region", "account",
            "parameters", "rules", "waivers", "inputs");

    private final Set<String> knownRules;

    public ConfigReader(Set<String> knownRules) {
        this.knownRules = knownRules;
    }

    /**
     * The configuration a run in {@code cwd} uses: the nearest {@code .preflight.yaml} in {@code cwd} or a directory
     * above it, up to the repository root (the first directory holding {@code .git}, a directory or a worktree's
     * file), so {@code cd infra && preflight check .} keeps the repository's waivers. Outside a repository only
     * {@code cwd} is looked at: a file in some parent directory is not this project's.
     */
    public static java.util.Optional<Path> discover(Path cwd) {
        Path start = cwd.toAbsolutePath().normalize();
        boolean inRepository = false;
        for (Path p = start; p != null; p = p.getParent()) {
            if (java.nio.file.Files.exists(p.resolve(".git"))) {
                inRepository = true;
                break;
            }
        }
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve(".preflight.yaml");
            if (java.nio.file.Files.isRegularFile(candidate)) {
                return java.util.Optional.of(candidate);
            }
            if (!inRepository || java.nio.file.Files.exists(p.resolve(".git"))) {
                break;
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The {@code inputs:} list of a configuration file: the paths (relative to the file's directory) that make one
     * system, which the pre-commit hook checks whole when a staged file lies in one of them; empty when not given.
     */
    public List<Path> inputs(Path file, String display) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(display + ": cannot read: " + e.getMessage());
        }
        parse(text, display);
        // parse() above has refused anything hostile or malformed
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        if (root == null) {
            return List.of();
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        return inputs(display, mapping(root, display, "the configuration")).stream().map(p -> dir.resolve(p).normalize()).toList();
    }

    private static List<String> inputs(String display, Map<String, Node> top) throws ConfigException {
        Node n = top.get("inputs");
        if (n == null) {
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            throw error(display, n, "inputs must be a list of paths (relative to this file)");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            String path = scalar(display, item, "inputs");
            if (path.isBlank()) {
                throw error(display, item, "an empty path under inputs");
            }
            out.add(path);
        }
        return out;
    }

    public PreflightConfig read(Path file, String display) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(display + ": cannot read configuration (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text, display);
    }

    public PreflightConfig parse(String text, String display) throws ConfigException {
        Node root;
        try {
            LoaderOptions opts = new LoaderOptions();
            opts.setAllowDuplicateKeys(false);
            opts.setMaxAliasesForCollections(10);
            opts.setNestingDepthLimit(20);
            root = new Yaml(opts).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            throw new ConfigException(display + ":" + (m == null ? 0 : m.getLine() + 1) + ": invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(display + ": invalid YAML: " + e.getMessage());
        }
        if (root == null) {
            return PreflightConfig.defaults();
        }
        Map<String, Node> top = mapping(root, display, "the configuration");
        for (Map.Entry<String, Node> e : top.entrySet()) {
            if (!TOP_KEYS.contains(e.getKey())) {
                throw error(display, e.getValue(), "unknown key '" + e.getKey() + "' (known: " + String.join(", ", new java.util.TreeSet<>(TOP_KEYS)) + ")");
            }
        }
        inputs(display, top);
        Map<String, Severity> severities = new HashMap<>();
        Set<String> disabled = new HashSet<>();
        Node rules = top.get("rules");
        if (rules != null) {
            for (Map.Entry<String, Node> e : mapping(rules, display, "rules").entrySet()) {
                String id = e.getKey().toUpperCase(Locale.ROOT);
                if (!knownRules.contains(id) && !e.getKey().contains(":")) {
                    throw error(display, e.getValue(), "unknown rule '" + e.getKey() + "' under rules (see `preflight rules`)");
                }
                String key = e.getKey().contains(":") ? e.getKey() : id;
                for (Map.Entry<String, Node> s : mapping(e.getValue(), display, "rules." + e.getKey()).entrySet()) {
                    switch (s.getKey()) {
                        case "severity" -> severities.put(key, severity(display, s.getValue()));
                        case "enabled" -> {
                            String v = scalar(display, s.getValue(), "enabled");
                            if (v.equalsIgnoreCase("false")) {
                                disabled.add(key);
                            } else if (!v.equalsIgnoreCase("true")) {
                                throw error(display, s.getValue(), "enabled must be true or false");
                            }
                        }
                        default -> throw error(display, s.getValue(), "unknown key '" + s.getKey() + "' for a rule (severity, enabled)");
                    }
                }
            }
        }
        Severity unknownSeverity = top.containsKey("unknownSeverity") ? severity(display, top.get("unknownSeverity")) : Severity.WARNING;
        List<WaiverEntry> waivers = new ArrayList<>();
        Node w = top.get("waivers");
        if (w != null) {
            if (!(w instanceof SequenceNode seq)) {
                throw error(display, w, "waivers must be a list of {rule, resource, reason, expires}");
            }
            for (Node item : seq.getValue()) {
                waivers.add(waiver(display, item));
            }
        }
        Optional<String> failOn = optionalScalar(display, top, "failOn");
        if (failOn.isPresent() && !Set.of("error", "warning", "unknown", "never").contains(failOn.get())) {
            throw error(display, top.get("failOn"), "failOn must be error, warning, unknown or never");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Node params = top.get("parameters");
        if (params != null) {
            for (Map.Entry<String, Node> e : mapping(params, display, "parameters").entrySet()) {
                parameters.put(e.getKey(), scalar(display, e.getValue(), "parameters." + e.getKey()));
            }
        }
        return new PreflightConfig(Optional.of(display), severities, disabled, unknownSeverity, waivers, failOn,
                optionalScalar(display, top, "region"), optionalScalar(display, top, "account"), parameters);
    }

    private WaiverEntry waiver(String display, Node item) throws ConfigException {
        Map<String, Node> m = mapping(item, display, "a waiver");
        for (String k : m.keySet()) {
            if (!Set.of("rule", "resource", "reason", "expires").contains(k)) {
                throw error(display, m.get(k), "unknown key '" + k + "' in a waiver (rule, resource, reason, expires)");
            }
        }
        String where = display + ":" + (item.getStartMark().getLine() + 1);
        String rule = required(display, item, m, "rule");
        if (!RULE_ID.matcher(rule).matches() || (rule.startsWith("GD") && !knownRules.contains(rule))) {
            throw error(display, m.get("rule"), "unknown rule '" + rule + "' in a waiver (see `preflight rules`)");
        }
        String resource = required(display, item, m, "resource");
        String reason = required(display, item, m, "reason");
        if (reason.isBlank()) {
            throw error(display, m.get("reason"), "a waiver needs a non-empty reason");
        }
        LocalDate expires = null;
        if (m.containsKey("expires")) {
            String d = scalar(display, m.get("expires"), "expires");
            try {
                expires = LocalDate.parse(d);
            } catch (DateTimeParseException e) {
                throw error(display, m.get("expires"), "expires must be a date YYYY-MM-DD, got '" + d + "'");
            }
        }
        return new WaiverEntry(rule, resource, reason.trim(), expires, where);
    }

    private static String required(String display, Node at, Map<String, Node> m, String key) throws ConfigException {
        Node n = m.get(key);
        if (n == null) {
            throw error(display, at, "a waiver needs '" + key + "' (rule, resource and reason are required)");
        }
        return scalar(display, n, key);
    }

    private static Severity severity(String display, Node n) throws ConfigException {
        String v = scalar(display, n, "severity");
        try {
            return Severity.parse(v);
        } catch (IllegalArgumentException e) {
            throw error(display, n, "severity must be error, warning or info, got '" + v + "'");
        }
    }

    private static Optional<String> optionalScalar(String display, Map<String, Node> m, String key) throws ConfigException {
        Node n = m.get(key);
        return n == null ? Optional.empty() : Optional.of(scalar(display, n, key));
    }

    private static String scalar(String display, Node n, String what) throws ConfigException {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        throw error(display, n, what + " must be a single value");
    }

    private static Map<String, Node> mapping(Node n, String display, String what) throws ConfigException {
        if (!(n instanceof MappingNode mn)) {
            throw error(display, n, what + " must be a mapping");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            out.put(scalar(display, t.getKeyNode(), "a key"), t.getValueNode());
        }
        return out;
    }

    private static ConfigException error(String display, Node n, String message) {
        return new ConfigException(display + ":" + (n.getStartMark().getLine() + 1) + ": " + message);
    }
}
