package dev.preflight.cdk;

import dev.preflight.engine.RunOutcome;
import dev.preflight.load.InputFailure;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Verdict;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageSynthesisOptions;
import software.constructs.IConstruct;
import software.constructs.IValidation;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Preflight rules at synth time, as cdk-nag users expect:
 *
 * <pre>{@code
 * App app = new App();
 * new NetworkStack(app, "Network");
 * Aspects.of(app).add(new PreflightChecks());
 * app.synth();
 * }</pre>
 *
 * Each unwaived FAIL becomes an error annotation on the offending construct (warning or info when the rule's
 * severity says so), each unwaived UNKNOWN a warning; {@code cdk synth} prints them with construct paths and fails
 * on errors. Messages start with the rule id: {@code [GD002] endpoint security group ...}. Suppress with
 * {@link PreflightSuppressions}.
 *
 * <h2>How</h2>
 * An Aspect visits constructs before the templates exist, and the rules need rendered templates with every token
 * resolved. So the Aspect only registers a validation on the first stack of each stage it visits; validations run
 * after {@code prepare}, when the app is complete. That validation synthesizes the stage (the same force-synth
 * {@code Template.fromStack} does, without re-running validations), checks the resulting cloud assembly as
 * {@code preflight check cdk.out} would (all stacks together, so cross-stack references resolve; construct paths
 * from the manifest) and annotates the constructs of the stacks the Aspect visited. Annotations are added once:
 * a later synth of the same app does not repeat them.
 */
public final class PreflightChecks implements IAspect {
    private final PreflightOptions options;
    /** stage path -> paths of the stacks this Aspect visited in it */
    private final Map<String, Set<String>> visitedStacks = new HashMap<>();
    /** "path|level|message" of annotations already added (construct metadata outlives one synth) */
    private final Set<String> annotated = new HashSet<>();
    private RunOutcome lastOutcome;

    public PreflightChecks() {
        this(PreflightOptions.defaults());
    }

    public PreflightChecks(PreflightOptions options) {
        this.options = options;
    }

    @Override
    public void visit(IConstruct node) {
        if (!Stack.isStack(node)) {
            return;
        }
        Stack stack = Stack.of(node);
        if (stack.getNestedStackParent() != null) {
            return; // checked with its parent: the loader reads nested templates from the parent's assembly
        }
        Stage stage = Stage.of(stack);
        if (stage == null) {
            return;
        }
        String stagePath = stage.getNode().getPath();
        Set<String> stacks = visitedStacks.get(stagePath);
        if (stacks == null) {
            stacks = new HashSet<>();
            visitedStacks.put(stagePath, stacks);
            stack.getNode().addValidation(new StageValidation(stage));
        }
        stacks.add(stack.getNode().getPath());
    }

    /** The outcome of the most recent check (for tests and tooling), or null before the first synth. */
    public RunOutcome lastOutcome() {
        return lastOutcome;
    }

    private final class StageValidation implements IValidation {
        private final Stage stage;

        StageValidation(Stage stage) {
            this.stage = stage;
        }

        @Override
        public List<String> validate() {
            Set<String> stacks = visitedStacks.getOrDefault(stage.getNode().getPath(), Set.of());
            Map<String, Stack> byPath = new LinkedHashMap<>();
            Map<String, Stack> byTemplate = new HashMap<>();
            Map<String, IConstruct> constructs = new HashMap<>();
            String stagePath = stage.getNode().getPath();
            for (IConstruct c : stage.getNode().findAll()) {
                if (!StageStacks.inStage(c, stagePath)) {
                    continue;
                }
                constructs.put(c.getNode().getPath(), c);
                if (Stack.isStack(c)) {
                    Stack s = Stack.of(c);
                    Stack top = s;
                    while (top.getNestedStackParent() != null) {
                        top = top.getNestedStackParent();
                    }
                    if (stacks.contains(top.getNode().getPath())) {
                        byPath.put(s.getNode().getPath(), s);
                        byTemplate.put(s.getTemplateFile(), s);
                    }
                }
            }
            if (byPath.isEmpty()) {
                return List.of();
            }
            Stack first = byPath.values().iterator().next();
            RunOutcome outcome;
            try {
                // skipValidation: this runs inside the app's own validation; no recursion into it
                Path dir = Path.of(stage.synth(StageSynthesisOptions.builder().force(true).skipValidation(true).build())
                        .getDirectory());
                outcome = PreflightRunner.checkAssembly(dir, options);
            } catch (RuntimeException e) {
                annotate(first, Severity.ERROR, "[Preflight] could not check this app: " + e
                        + "; please report this as a Preflight bug");
                return List.of();
            }
            lastOutcome = outcome;
            for (InputFailure f : outcome.failures()) {
                Stack s = byTemplate.getOrDefault(f.file(), first);
                annotate(s, Severity.ERROR, "[Preflight] could not read " + f.oneLine());
            }
            for (String fault : outcome.faults()) {
                annotate(first, Severity.ERROR, "[Preflight] " + fault);
            }
            for (String warning : outcome.warnings()) {
                annotate(first, Severity.WARNING, "[Preflight] " + warning);
            }
            for (RuleResult r : outcome.results()) {
                if (!r.open()) { // passes, and findings acceptance decided are waived
                    continue;
                }
                Stack s = byTemplate.get(r.subject().location().file());
                if (s == null) {
                    continue; // a stack this Aspect was not added to
                }
                IConstruct target = r.subject().constructPath() == null ? null : constructs.get(r.subject().constructPath());
                String text = message(r);
                if (target == null) {
                    target = s;
                    text = text + " (resource " + r.subject().id() + ")";
                }
                annotate(target, r.verdict() == Verdict.UNKNOWN ? min(r.severity(), Severity.WARNING) : r.severity(), text);
            }
            return List.of();
        }
    }

    /** An UNKNOWN is never an error annotation: the app may be right; it cannot be told from the code alone. */
    private static Severity min(Severity a, Severity b) {
        return a.atLeast(b) ? b : a;
    }

    static String message(RuleResult r) {
        StringBuilder sb = new StringBuilder("[").append(r.ruleId()).append("] ");
        if (r.verdict() == Verdict.UNKNOWN) {
            sb.append("cannot be decided: ");
        }
        sb.append(r.message());
        if (r.verdict() == Verdict.UNKNOWN && r.reason() != null && !r.message().contains(r.reason())) {
            sb.append(" (").append(r.reason()).append(')');
        }
        sb.append(" (").append(r.subject().location()).append(')');
        return sb.toString();
    }

    private void annotate(IConstruct target, Severity severity, String message) {
        if (!annotated.add(target.getNode().getPath() + "|" + severity + "|" + message)) {
            return;
        }
        Annotations a = Annotations.of(target);
        switch (severity) {
            case ERROR -> a.addError(message);
            case WARNING -> a.addWarningV2("preflight:" + ruleIdOf(message), message);
            case INFO -> a.addInfo(message);
        }
    }

    private static String ruleIdOf(String message) {
        int end = message.indexOf(']');
        return message.startsWith("[") && end > 0 ? message.substring(1, end) : "Preflight";
    }
}
