package dev.preflight.cdk;

import dev.preflight.coverage.CoverageReport;
import dev.preflight.engine.RunOutcome;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Verdict;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageSynthesisOptions;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Preflight's verdicts on a CDK app, for unit tests, in the style of {@code software.amazon.awscdk.assertions}:
 *
 * <pre>{@code
 * PreflightAssertions.of(stack).assertNoFailures();
 * PreflightAssertions.of(stack).assertVerdict("GD002", "MyStack/App/Asg", Verdict.PASS);
 * PreflightAssertions.of(Template.fromStack(stack)).assertVerdict("GD002", "AppAsgAB12CD34", Verdict.FAIL);
 * }</pre>
 *
 * {@link #of(Stack...)} and {@link #of(Stage)} synthesize the app and check its whole cloud assembly, exactly as
 * {@code preflight check cdk.out} does: every stack of the stage is loaded (so cross-stack references resolve),
 * results carry construct paths, and {@code PreflightSuppressions} in resource metadata apply. The results kept
 * are those of the stacks asked about (and their nested stacks). {@link #of(Template)} checks one template as
 * given; construct paths are then known only when the template has {@code aws:cdk:path} metadata.
 */
public final class PreflightAssertions {
    private final RunOutcome outcome;
    private final List<RuleResult> results;
    private final String scope;

    private PreflightAssertions(RunOutcome outcome, Set<String> files, String scope) {
        this.outcome = outcome;
        this.results = files == null ? outcome.results()
                : outcome.results().stream().filter(r -> files.contains(r.subject().location().file())).toList();
        this.scope = scope;
    }

    /** One template, shown in results as {@code template.json}. */
    public static PreflightAssertions of(Template template) {
        return of(template, "template", PreflightOptions.defaults());
    }

    /** One template, shown in results as {@code <stackName>.template.json}. */
    public static PreflightAssertions of(Template template, String stackName) {
        return of(template, stackName, PreflightOptions.defaults());
    }

    public static PreflightAssertions of(Template template, String stackName, PreflightOptions options) {
        Objects.requireNonNull(template, "template");
        String file = stackName + ".template.json";
        Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
        templates.put(file, template.toJSON());
        return new PreflightAssertions(PreflightRunner.checkTemplates(templates, options), null, file);
    }

    /** The given stacks (of one stage or app), checked with every other stack of their stage. */
    public static PreflightAssertions of(Stack... stacks) {
        return of(List.of(stacks), PreflightOptions.defaults());
    }

    public static PreflightAssertions of(List<? extends Stack> stacks, PreflightOptions options) {
        if (stacks.isEmpty()) {
            throw new IllegalArgumentException("PreflightAssertions.of: give at least one stack");
        }
        Stage stage = Stage.of(stacks.get(0));
        if (stage == null) {
            throw new IllegalArgumentException("stack " + stacks.get(0).getNode().getPath() + " is not in an App or Stage");
        }
        Set<String> files = new LinkedHashSet<>();
        for (Stack s : stacks) {
            Stage other = Stage.of(s);
            if (other == null || !other.getNode().getPath().equals(stage.getNode().getPath())) {
                throw new IllegalArgumentException("stacks " + stacks.get(0).getNode().getPath() + " and "
                        + s.getNode().getPath() + " are in different stages; check each stage on its own");
            }
            files.addAll(StageStacks.templateFiles(s));
        }
        String scope = stacks.stream().map(s -> s.getNode().getPath()).collect(Collectors.joining(", "));
        return new PreflightAssertions(PreflightRunner.checkAssembly(synthesize(stage), options), files, scope);
    }

    /** Every stack of an app or stage. */
    public static PreflightAssertions of(Stage stage) {
        return of(stage, PreflightOptions.defaults());
    }

    public static PreflightAssertions of(Stage stage, PreflightOptions options) {
        String scope = stage.getNode().getPath().isEmpty() ? "the app" : stage.getNode().getPath();
        return new PreflightAssertions(PreflightRunner.checkAssembly(synthesize(stage), options), null, scope);
    }

    /** As {@code Template.fromStack} does: synthesize again so changes made after an earlier synth are seen. */
    private static Path synthesize(Stage stage) {
        return Path.of(stage.synth(StageSynthesisOptions.builder().force(true).build()).getDirectory());
    }

    /** Every result of the stacks asked about, passes and waived results included, in report order. */
    public List<RuleResult> results() {
        return results;
    }

    /** The results of one rule. */
    public List<RuleResult> results(String ruleId) {
        return results.stream().filter(r -> r.ruleId().equalsIgnoreCase(ruleId)).toList();
    }

    /** FAIL results without a (valid) waiver, at every severity (info-level advice included). */
    public List<RuleResult> failures() {
        return failures(Severity.INFO);
    }

    /** FAIL results without a (valid) waiver at {@code atLeast} or more serious. */
    public List<RuleResult> failures(Severity atLeast) {
        return results.stream().filter(r -> r.verdict() == Verdict.FAIL && !r.waived() && r.severity().atLeast(atLeast))
                .toList();
    }

    /** The whole run: every stack of the stage, input errors, faults, coverage. */
    public RunOutcome outcome() {
        return outcome;
    }

    /** Predicted GuardDuty coverage of the whole run. */
    public CoverageReport coverage() {
        return outcome.coverage();
    }

    /**
     * No unwaived FAIL at severity warning or error (info-level advice such as GD013 does not fail a test), and
     * every template was read and every rule ran (an input that could not be loaded is a failure too: it was not
     * checked).
     */
    public PreflightAssertions assertNoFailures() {
        return assertNoFailures(Severity.WARNING);
    }

    /** As {@link #assertNoFailures()}, failing on unwaived FAIL results at {@code atLeast} or more serious. */
    public PreflightAssertions assertNoFailures(Severity atLeast) {
        List<RuleResult> failures = failures(atLeast);
        if (!failures.isEmpty() || outcome.incomplete()) {
            String head = failures.isEmpty() ? "Preflight could not check everything in " + scope
                    : "Preflight found " + failures.size() + " failure" + (failures.size() == 1 ? "" : "s") + " in " + scope;
            throw new PreflightAssertionError(head + ":\n" + ResultLines.blocks(failures)
                    + ResultLines.summary(outcome, results, atLeast), failures);
        }
        return this;
    }

    /** No unwaived UNKNOWN: every prerequisite was decidable from the app (give a region with PreflightOptions). */
    public PreflightAssertions assertNoUnknowns() {
        List<RuleResult> unknown = results.stream().filter(r -> r.verdict() == Verdict.UNKNOWN && !r.waived()).toList();
        if (!unknown.isEmpty()) {
            throw new PreflightAssertionError("Preflight could not decide " + unknown.size() + " check"
                    + (unknown.size() == 1 ? "" : "s") + " in " + scope + ":\n" + ResultLines.blocks(unknown)
                    + ResultLines.summary(outcome, results), unknown);
        }
        return this;
    }

    /** As {@link #assertVerdict(String, String, Verdict)}, naming the construct itself. */
    public PreflightAssertions assertVerdict(String ruleId, IConstruct construct, Verdict expected) {
        return assertVerdict(ruleId, construct.getNode().getPath(), expected);
    }

    /**
     * The verdict of one rule for one resource. {@code resource} is a logical id ({@code AppAsgAB12CD34}) or a
     * construct path: the L1's own ({@code MyStack/App/Asg/ASG}) or a construct above it ({@code MyStack/App/Asg})
     * when exactly one result of the rule lies under it. A waived result keeps its verdict.
     */
    public PreflightAssertions assertVerdict(String ruleId, String resource, Verdict expected) {
        RuleResult r = find(ruleId, resource);
        if (r.verdict() != expected) {
            throw new PreflightAssertionError("expected " + ruleId + " " + expected + " for " + resource + " but was "
                    + r.verdict() + ":\n" + ResultLines.block(r), List.of(r));
        }
        return this;
    }

    /** The one result of {@code ruleId} for the construct (its L1, or the one L1 under it the rule judged). */
    public RuleResult result(String ruleId, IConstruct construct) {
        return find(ruleId, construct.getNode().getPath());
    }

    /** The one result of {@code ruleId} for {@code resource} (see {@link #assertVerdict(String, String, Verdict)}). */
    public RuleResult result(String ruleId, String resource) {
        return find(ruleId, resource);
    }

    private RuleResult find(String ruleId, String resource) {
        List<RuleResult> ofRule = results(ruleId);
        if (ofRule.isEmpty()) {
            boolean known = outcome.rules().stream().anyMatch(m -> m.id().equalsIgnoreCase(ruleId));
            throw new PreflightAssertionError(known ? ruleId + " has no results in " + scope + "\n"
                    + ResultLines.summary(outcome, results)
                    : "no rule " + ruleId + " in this Preflight (rules: "
                    + outcome.rules().stream().map(m -> m.id()).collect(Collectors.joining(", ")) + ")", List.of());
        }
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        List<RuleResult> exact = ofRule.stream().filter(r -> r.subject().id().equals(resource)
                || path.equals(r.subject().constructPath())).toList();
        List<RuleResult> found = exact.isEmpty() ? ofRule.stream().filter(r -> r.subject().constructPath() != null
                && r.subject().constructPath().startsWith(path + "/")).toList() : exact;
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw new PreflightAssertionError("no " + ruleId + " result for " + resource + " in " + scope + "; "
                    + ruleId + " results:\n" + ResultLines.blocks(ofRule), ofRule);
        }
        throw new PreflightAssertionError(resource + " matches " + found.size() + " " + ruleId
                + " results; name one by logical id or full construct path:\n" + ResultLines.blocks(found),
                new ArrayList<>(found));
    }

    @Override
    public String toString() {
        return "Preflight results for " + scope + ":\n" + ResultLines.blocks(results) + ResultLines.summary(outcome, results);
    }
}
