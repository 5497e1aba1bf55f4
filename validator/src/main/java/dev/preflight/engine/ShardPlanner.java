package dev.preflight.engine;

import dev.preflight.rule.RuleMetadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the inputs of a run across the jobs of a CI matrix ({@code --shard K/N}), deterministically, keeping inputs
 * that reference each other together: a template that imports a name goes with the template that exports it
 * (a cloud assembly is one input already). Imports or exports whose names are not literal strings cannot be matched
 * by reading the text, so all such templates form one group. Groups are dealt to shards largest first, each to the
 * least loaded shard (ties by name), so every job computes the same split without talking to the others.
 * Templates and plans that declare what applies to the whole run (the resource types of the rules that read
 * across the run, {@link RuleMetadata#acrossRunTypes()}: detectors, EventBridge rules, Organizations policies) go to
 * every shard, with their group; {@code preflight merge} counts their results once.
 */
public final class ShardPlanner {
    /** Shard {@code index} (1-based) of {@code count}. */
    public record Shard(int index, int count) {
        public static Shard parse(String s) {
            Matcher m = Pattern.compile("(\\d+)/(\\d+)").matcher(s.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("--shard takes K/N, for example 2/4, not '" + s + "'");
            }
            int k = Integer.parseInt(m.group(1));
            int n = Integer.parseInt(m.group(2));
            if (n < 1 || k < 1 || k > n) {
                throw new IllegalArgumentException("--shard K/N needs 1 <= K <= N, got " + s);
            }
            return new Shard(k, n);
        }
    }

    private static final Pattern EXPORT = Pattern.compile(
            "Export\"?\\s*:\\s*(?:\\{\\s*\"?Name\"?\\s*:|\\n\\s+Name\\s*:)\\s*([^\\n,}]+)");
    private static final Pattern IMPORT = Pattern.compile("(?:!ImportValue|\"?Fn::ImportValue\"?\\s*:)\\s*([^\\n,}\\]]*)");
    private static final Pattern LITERAL = Pattern.compile("['\"]?([A-Za-z0-9:_./-]+)['\"]?\\s*");
    private static final String DYNAMIC = "\u0000dynamic";

    private record Scan(List<String> names, boolean runWide) {
    }

    private ShardPlanner() {
    }

    /**
     * The inputs (files and assembly directories) of shard {@code shard}, in discovery order; {@code rules}: the
     * rules of the run, whose run-wide resource types keep an input on every shard.
     */
    public static List<DiscoveredInput> select(List<DiscoveredInput> inputs, Shard shard, List<RuleMetadata> rules) {
        Pattern runWidePattern = runWide(rules);
        int n = inputs.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        Map<String, Integer> byName = new HashMap<>();
        boolean[] runWide = new boolean[n];
        for (int i = 0; i < n; i++) {
            DiscoveredInput in = inputs.get(i);
            if (in.assembly()) {
                continue;
            }
            Scan scan = scan(in.path(), runWidePattern);
            runWide[i] = scan.runWide();
            for (String name : scan.names()) {
                Integer prior = byName.putIfAbsent(name, i);
                if (prior != null) {
                    union(parent, prior, i);
                }
            }
        }
        Map<Integer, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.<List<Integer>>comparingInt(List::size).reversed()
                .thenComparing(g -> inputs.get(g.get(0)).displayPath()));
        int[] load = new int[shard.count()];
        boolean[] mine = new boolean[n];
        for (List<Integer> g : ordered) {
            if (g.stream().anyMatch(i -> runWide[i])) {
                for (int i : g) {
                    mine[i] = true;
                }
                continue;
            }
            int target = 0;
            for (int s = 1; s < load.length; s++) {
                if (load[s] < load[target]) {
                    target = s;
                }
            }
            load[target] += g.size();
            if (target == shard.index() - 1) {
                for (int i : g) {
                    mine[i] = true;
                }
            }
        }
        List<DiscoveredInput> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (mine[i]) {
                out.add(inputs.get(i));
            }
        }
        return out;
    }

    /**
     * The resource types read across the run, as a template or plan writes them: a CloudFormation type as is, a
     * Terraform type quoted ({@code resource "aws_x"} or {@code "type": "aws_x"}), so that a prefix never matches.
     */
    static Pattern runWide(List<RuleMetadata> rules) {
        List<String> alternatives = new ArrayList<>();
        for (RuleMetadata m : rules) {
            for (String type : m.acrossRunTypes()) {
                alternatives.add(Pattern.quote(type.contains("::") ? type : "\"" + type + "\""));
            }
        }
        return alternatives.isEmpty() ? null : Pattern.compile(String.join("|", alternatives));
    }

    /** Export and import names of a template ("the dynamic group" for names that are not literal). */
    private static Scan scan(Path file, Pattern runWide) {
        String text;
        try {
            if (Files.size(file) > 64L * 1024 * 1024) {
                return new Scan(List.of(), false);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return new Scan(List.of(), false); // unreadable: the run itself reports it
        }
        List<String> out = new ArrayList<>();
        for (Pattern p : List.of(EXPORT, IMPORT)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                Matcher lit = LITERAL.matcher(m.group(1).strip());
                out.add(lit.matches() ? lit.group(1) : DYNAMIC);
            }
        }
        return new Scan(out, runWide != null && runWide.matcher(text).find());
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
