package dev.preflight.engine;

import dev.preflight.load.InputFailure;
import dev.preflight.model.InputDocument;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleBudget;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules phase of a run: every rule over the whole graph, each within a time budget ({@link RuleBudget}) of
 * {@code seconds} per input, so that no input can stop or stall the others. A rule that throws or goes over its
 * budget runs again over each input alone, to find the input that causes it: that input gets one line naming the
 * rule and what happened (exit code 2), and the rule runs again over the other inputs, whose results are kept. When
 * no input alone causes it, one fault names them all. An input that took a rule over its budget is left out of the
 * rules after it, which would each spend their whole budget on it again.
 */
final class RulePhase {
    /** @param unchecked the inputs a rule could not check: coverage is not predicted for them (it would count their
     *                  workloads healthy for want of that rule's failures) */
    record Outcome(List<RuleResult> results, List<InputFailure> failures, List<String> faults, Set<String> unchecked) {
    }

    private final RuleContext whole;
    private final double seconds;
    private final Set<String> slow = new LinkedHashSet<>();
    private final Set<String> unchecked = new LinkedHashSet<>();
    private final List<InputFailure> failures = new ArrayList<>();
    private final List<String> faults = new ArrayList<>();
    private RuleContext current;

    RulePhase(RuleContext whole, double secondsPerInput) {
        this.whole = whole;
        this.current = whole;
        this.seconds = secondsPerInput;
    }

    Outcome run(List<Rule> rules, RunProgress progress) {
        List<RuleResult> results = new ArrayList<>();
        int n = 0;
        for (Rule rule : rules) {
            progress.update(RunProgress.Phase.RULES, n++, rules.size(), rule.id());
            results.addAll(evaluate(rule));
        }
        return new Outcome(results, failures, faults, unchecked);
    }

    private record Attempt(List<RuleResult> results, Throwable error) {
        boolean overBudget() {
            return error instanceof RuleBudget.Exceeded;
        }
    }

    private Attempt attempt(Rule rule, RuleContext context, int inputs) {
        try {
            return new Attempt(RuleBudget.within(seconds * Math.max(1, inputs), () -> rule.evaluate(context)), null);
        } catch (RuntimeException | StackOverflowError e) {
            return new Attempt(List.of(), e);
        }
    }

    private List<RuleResult> evaluate(Rule rule) {
        Attempt all = attempt(rule, current, current.graph().inputs().size());
        if (all.error() == null) {
            return all.results();
        }
        Map<String, ResourceGraph> units = units(current.graph());
        Map<String, Attempt> culprits = new LinkedHashMap<>();
        if (units.size() > 1) {
            for (Map.Entry<String, ResourceGraph> u : units.entrySet()) {
                Attempt alone = attempt(rule, new RuleContext(u.getValue(), current.settings()), 1);
                if (alone.error() != null) {
                    culprits.put(u.getKey(), alone);
                }
            }
        } else {
            units.keySet().forEach(f -> culprits.put(f, all));
        }
        if (culprits.isEmpty()) {
            unchecked.addAll(units.keySet());
            faults.add("rule " + rule.id() + " " + what(all) + " over the inputs " + String.join(", ", units.keySet())
                    + " together (no one of them alone causes it); its results are missing, every other rule was "
                    + "checked; report this as a Preflight bug with these inputs");
            return List.of();
        }
        for (Map.Entry<String, Attempt> c : culprits.entrySet()) {
            failures.add(new InputFailure(c.getKey(), 0, 0, line(rule, c.getValue())));
            unchecked.add(c.getKey());
            if (c.getValue().overBudget()) {
                slow.add(c.getKey());
            }
        }
        RuleContext rest = without(current, culprits.keySet());
        if (!slow.isEmpty()) {
            current = without(whole, slow);
        }
        if (rest.graph().inputs().isEmpty() && rest.graph().size() == 0) {
            return List.of();
        }
        Attempt others = attempt(rule, rest, units.size() - culprits.size());
        if (others.error() != null) {
            unchecked.addAll(units.keySet());
            faults.add("rule " + rule.id() + " " + what(others) + " over the inputs other than "
                    + String.join(", ", culprits.keySet()) + "; its results are missing; report this as a Preflight "
                    + "bug with these inputs");
            return List.of();
        }
        return others.results();
    }

    private String line(Rule rule, Attempt a) {
        if (a.overBudget()) {
            return String.format(Locale.ROOT, "over budget: rule %s took more than %s s of CPU time on this input, "
                    + "the budget of time per rule and input; the rules after it did not check this input; split "
                    + "the input or decide its conditions with --parameter", rule.id(), seconds(seconds));
        }
        return "rule " + rule.id() + " " + what(a) + " on this input; its " + rule.id() + " results for this input "
                + "are missing, every other rule and input was checked; report this as a Preflight bug with this input";
    }

    private static String what(Attempt a) {
        if (a.overBudget()) {
            return "took more than its budget of CPU time";
        }
        Throwable e = a.error();
        String where = "";
        for (StackTraceElement s : e.getStackTrace()) {
            if (s.getClassName().startsWith("dev.preflight.")) {
                where = " at " + s.getClassName() + "." + s.getMethodName() + "(" + s.getFileName() + ":"
                        + s.getLineNumber() + ")";
                break;
            }
        }
        return "failed: " + e + where;
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }

    /**
     * The graph of each input: its resources and its documents (a cloud assembly's document goes with each of its
     * templates), in input order.
     */
    private static Map<String, ResourceGraph> units(ResourceGraph graph) {
        Map<String, List<Resource>> byInput = new LinkedHashMap<>();
        for (InputDocument d : graph.inputs()) {
            byInput.put(d.file(), new ArrayList<>());
        }
        for (Resource r : graph.resources()) {
            byInput.computeIfAbsent(r.input(), f -> new ArrayList<>()).add(r);
        }
        Map<String, ResourceGraph> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Resource>> e : byInput.entrySet()) {
            String file = e.getKey();
            List<InputDocument> docs = graph.inputs().stream()
                    .filter(d -> d.file().equals(file) || file.startsWith(d.file() + "/")).toList();
            if (e.getValue().isEmpty() && docs.stream().noneMatch(d -> d.file().equals(file))) {
                continue;
            }
            if (e.getValue().isEmpty() && graph.resources().stream().anyMatch(r -> r.input().startsWith(file + "/"))) {
                continue; // a cloud assembly: its templates are the units
            }
            out.put(file, new ResourceGraph(docs, e.getValue()));
        }
        return out;
    }

    static RuleContext without(RuleContext context, Set<String> files) {
        ResourceGraph g = context.graph();
        List<InputDocument> docs = g.inputs().stream().filter(d -> !files.contains(d.file())).toList();
        List<Resource> resources = g.resources().stream().filter(r -> !files.contains(r.input())).toList();
        return new RuleContext(new ResourceGraph(docs, resources), context.settings());
    }
}
