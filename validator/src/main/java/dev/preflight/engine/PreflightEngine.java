package dev.preflight.engine;

import dev.preflight.companion.CfnLint;
import dev.preflight.companion.CfnLintTarget;
import dev.preflight.companion.CompanionReport;
import dev.preflight.companion.Opa;
import dev.preflight.config.PreflightConfig;
import dev.preflight.coverage.CoveragePredictor;
import dev.preflight.coverage.CoverageReport;
import dev.preflight.load.InputBudget;
import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
import dev.preflight.load.cloudformation.CloudFormationLoader;
import dev.preflight.load.scp.ScpFileLoader;
import dev.preflight.load.terraform.TerraformPlanLoader;
import dev.preflight.load.terraform.config.TerraformConfigurationLoader;
import dev.preflight.load.terraform.config.TerraformVariables;
import dev.preflight.model.InputDocument;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.Value;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleBudget;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One run: discover inputs, read them in parallel, load every format into one resource graph, run the rules,
 * apply the configuration (disabled rules, severities), decide acceptance once (waivers, baseline: {@link Acceptance})
 * and predict coverage. Faults never stop the run:
 * an unreadable input or a crashing rule is reported and everything else is still checked.
 */
public final class PreflightEngine {
    private final List<Rule> rules;
    private final String toolVersion;

    public PreflightEngine(List<Rule> rules, String toolVersion) {
        this.rules = List.copyOf(rules);
        this.toolVersion = toolVersion;
    }

    public RunOutcome run(RunRequest request) {
        return run(request, RunProgress.NONE);
    }

    /** {@code progress} hears of each phase and item of the run (for a terminal progress line). */
    public RunOutcome run(RunRequest request, RunProgress progress) {
        return run(request, progress, (context, coverage) -> null).outcome();
    }

    /**
     * A step that needs the run's model beside its prediction ({@code preflight reconcile}); it runs after the
     * prediction and sees the graph only through the context. If it throws, its value is null and the run has a fault.
     */
    public interface Analysis<T> {
        T analyse(RuleContext context, CoverageReport coverage);
    }

    /** The outcome of a run with the value of its {@link Analysis} (null when the analysis failed). */
    public record Analysed<T>(RunOutcome outcome, T value) {
    }

    public <T> Analysed<T> run(RunRequest request, RunProgress progress, Analysis<T> analysis) {
        // in UTC: the system's zone would load the time-zone rules (several ms of a pre-commit check) for a timestamp
        OffsetDateTime started = OffsetDateTime.now(java.time.ZoneOffset.UTC);
        InputDiscovery discovery = new InputDiscovery(request.workingDirectory());
        InputDiscovery.Discovery found = discovery.discover(request.paths(), request.scpFiles());

        Map<String, InputStatus> statuses = new LinkedHashMap<>();
        List<InputFailure> failures = new ArrayList<>(found.missing());
        for (InputFailure f : found.missing()) {
            statuses.put(f.file(), new InputStatus(f.file(), null, 0, null, f.message()));
        }
        for (InputStatus s : found.skipped()) {
            statuses.putIfAbsent(s.file(), s);
        }

        List<SourceText> templates = new ArrayList<>();
        List<SourceText> plans = new ArrayList<>();
        List<SourceText> scps = new ArrayList<>();
        List<Path> assemblies = new ArrayList<>();
        List<ReadFile> read = readAll(found.inputs(), progress);
        for (ReadFile r : read) {
            DiscoveredInput in = r.input();
            if (in.assembly()) {
                assemblies.add(in.path());
                statuses.put(in.displayPath(), new InputStatus(in.displayPath(), "cdk-assembly", 0, null, null));
            } else if (r.failure() != null) {
                failures.add(r.failure());
                statuses.put(in.displayPath(), new InputStatus(in.displayPath(), null, 0, null, r.failure().message()));
            } else if (in.givenAsScp()) {
                scps.add(r.text());
                statuses.put(in.displayPath(), new InputStatus(in.displayPath(), "scp", 0, null, null));
            } else {
                Optional<InputKind> kind = FormatDetector.detect(r.text().text());
                if (kind.isEmpty()) {
                    statuses.put(in.displayPath(), new InputStatus(in.displayPath(), null, 0,
                            FormatDetector.whyNot(r.text().text()), null));
                } else if (kind.get() == InputKind.TERRAFORM_PLAN) {
                    plans.add(r.text());
                    statuses.put(in.displayPath(), new InputStatus(in.displayPath(), "terraform-plan", 0, null, null));
                } else {
                    templates.add(r.text());
                    statuses.put(in.displayPath(), new InputStatus(in.displayPath(), "cloudformation", 0, null, null));
                }
            }
        }

        progress.update(RunProgress.Phase.LOADING, 0, templates.size() + plans.size() + assemblies.size(), null);
        LoadedInputs loaded = LoadedInputs.empty();
        List<String> faults = new ArrayList<>();
        // a reader is loaded only when the run has its kind of input (start-up of a small check: fewer classes)
        if (!templates.isEmpty() || !assemblies.isEmpty()) {
            loaded = loaded.plus(guard("CloudFormation loader", faults, () ->
                    new CloudFormationLoader(request.loadOptions()).load(templates, assemblies, discovery::display)));
        }
        if (!plans.isEmpty()) {
            loaded = loaded.plus(guard("Terraform plan loader", faults, () ->
                    new TerraformPlanLoader(request.loadOptions()).load(plans, discovery::display)));
        }
        if (!scps.isEmpty()) {
            loaded = loaded.plus(guard("SCP loader", faults, () -> new ScpFileLoader().load(scps)));
        }
        loaded = loaded.plus(guard("Terraform configuration loader", faults,
                () -> loadTerraformConfiguration(found.terraformFolders(), plans, request, discovery, statuses)));
        failures.addAll(loaded.failures());

        Map<String, Integer> counts = new HashMap<>();
        for (Resource r : loaded.resources()) {
            counts.merge(r.input(), 1, Integer::sum);
        }
        for (InputDocument d : loaded.inputs()) {
            if (d.format() != InputFormat.CDK_ASSEMBLY) {
                statuses.put(d.file(), new InputStatus(d.file(), d.format().wireName(), counts.getOrDefault(d.file(), 0), null, null));
            }
        }
        for (InputFailure f : loaded.failures()) {
            InputStatus prior = statuses.get(f.file());
            statuses.put(f.file(), new InputStatus(f.file(), prior == null ? null : prior.format(), 0, null, f.oneLine()));
        }
        // resources of an assembly are keyed by their template file; count them under the assembly directory
        for (Map.Entry<String, InputStatus> e : statuses.entrySet()) {
            InputStatus s = e.getValue();
            if ("cdk-assembly".equals(s.format()) && s.error() == null) {
                int n = 0;
                for (Map.Entry<String, Integer> c : counts.entrySet()) {
                    if (c.getKey().startsWith(s.file() + "/")) {
                        n += c.getValue();
                    }
                }
                e.setValue(new InputStatus(s.file(), s.format(), n, null, null));
            }
        }

        for (DiscoveredInput in : found.inputs()) {
            InputStatus s = statuses.get(in.displayPath());
            if (in.symlink() != null && s != null) {
                statuses.put(in.displayPath(), s.withSymlink(in.symlink()));
            }
        }
        nothingCheckable(found, statuses, failures, request);

        ResourceGraph graph = new ResourceGraph(loaded.inputs(), loaded.resources());
        RuleContext context = new RuleContext(graph, request.settings());
        PreflightConfig config = request.config();
        List<Rule> active = rules.stream().filter(r -> !config.disabledRules().contains(r.id())).toList();
        // companions run as processes beside the rules: started here, joined after the rules
        // a companion that does not run is not loaded (its classes, its process code)
        CfnLint.Running cfnLint = request.companions().cfnLint() == dev.preflight.companion.CfnLintMode.OFF
                ? g -> CompanionReport.empty()
                : CfnLint.start(request.companions(), cfnLintTargets(templates, loaded, request),
                request.settings().region(), request.workingDirectory());
        Opa.Running opa = request.companions().policyDirs().isEmpty() ? CompanionReport::empty
                : Opa.start(request.companions(), context, discovery::display);
        RulePhase.Outcome ruled = new RulePhase(context, InputBudget.seconds()).run(active, progress);
        List<RuleResult> results = new ArrayList<>(ruled.results());
        faults.addAll(ruled.faults());
        failures.addAll(ruled.failures());
        markErrors(statuses, ruled.failures());
        // the phases are shown only for companions that run (a phase named for an absent tool misleads)
        if (request.companions().cfnLint() != dev.preflight.companion.CfnLintMode.OFF) {
            progress.update(RunProgress.Phase.CFN_LINT, 0, 0, null);
        }
        CompanionReport companions = cfnLint.finish(graph);
        if (!request.companions().policyDirs().isEmpty() || request.companions().opaUrl().isPresent()) {
            progress.update(RunProgress.Phase.OPA, 0, 0, null);
        }
        companions = companions.plus(opa.finish());
        results.addAll(companions.results().stream().filter(r -> !config.disabledRules().contains(r.ruleId())).toList());
        faults.addAll(companions.faults());
        results = withAlsoAt(results, loaded.alsoAt());
        results = configure(results, config);
        java.util.Set<String> ruleIds = new java.util.HashSet<>(rules.stream().map(Rule::id).toList());
        companions.rules().forEach(m -> ruleIds.add(m.id()));
        Acceptance.Decision accepted = new Acceptance(config.waivers(), loaded.waivers(), request.baseline(),
                request.settings()::today).decide(results, ruleIds);
        results = new ArrayList<>(accepted.results());
        failures.addAll(accepted.failures());
        markErrors(statuses, accepted.failures());
        results.sort(RESULT_ORDER);

        progress.update(RunProgress.Phase.COVERAGE, 0, 0, null);
        List<RuleMetadata> meta = new ArrayList<>(active.stream().map(RuleCatalog::documented).toList());
        meta.addAll(companions.rules());
        CoverageReport coverage;
        RuleContext predicted = ruled.unchecked().isEmpty() ? context : RulePhase.without(context, ruled.unchecked());
        try {
            List<RuleResult> checked = results;
            coverage = RuleBudget.within(InputBudget.seconds() * Math.max(1, predicted.graph().inputs().size()),
                    () -> CoveragePredictor.predict(predicted, meta, checked));
        } catch (RuleBudget.Exceeded e) {
            faults.add("coverage prediction took " + e.getMessage() + ", the budget of time per input; no coverage "
                    + "is predicted; split the inputs or decide their conditions with --parameter");
            coverage = CoverageReport.of(List.of(), List.of());
        } catch (RuntimeException e) {
            faults.add("coverage prediction failed: " + e + "; please report this with the input that caused it");
            coverage = CoverageReport.of(List.of(), List.of());
        }
        T value = null;
        try {
            value = analysis.analyse(predicted, coverage);
        } catch (RuntimeException e) {
            faults.add("reconciliation failed: " + e + "; please report this with the inputs that caused it");
        }
        return new Analysed<>(new RunOutcome(toolVersion, started, new ArrayList<>(statuses.values()), results, coverage,
                meta, failures, faults, request.baseline().source(), accepted.warnings()), value);
    }

    /** A loaded input that a later step found wrong (a rule, a waiver) shows that error in the input list. */
    private static void markErrors(Map<String, InputStatus> statuses, List<InputFailure> failures) {
        for (InputFailure f : failures) {
            InputStatus prior = statuses.get(f.file());
            if (prior != null && prior.error() == null) {
                statuses.put(f.file(), new InputStatus(f.file(), prior.format(), prior.resources(), null, f.oneLine()));
            }
        }
    }

    /**
     * A directory of the command line under which no input was checkable (nothing found, or only files that are
     * neither templates nor plans) is an error: "Checked 0 inputs" with exit 0 would be a silent pass.
     */
    private static void nothingCheckable(InputDiscovery.Discovery found, Map<String, InputStatus> statuses,
                                         List<InputFailure> failures, RunRequest request) {
        for (String root : found.walkedRoots()) {
            boolean any = false;
            String prefix = root.equals(".") ? "" : root.endsWith("/") ? root : root + "/";
            for (InputStatus s : statuses.values()) {
                boolean under = s.file().equals(root) || s.file().startsWith(prefix) || prefix.isEmpty();
                if (under && (s.format() != null || s.error() != null)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                for (DiscoveredInput in : found.inputs()) {
                    InputStatus s = statuses.get(in.displayPath());
                    if (root.equals(in.root()) && s != null && (s.format() != null || s.error() != null)) {
                        any = true;
                        break;
                    }
                }
            }
            if (!any) {
                boolean cdkApp = java.nio.file.Files.isRegularFile(request.workingDirectory().resolve(root).resolve("cdk.json"));
                InputFailure f = new InputFailure(root, 0, 0, "nothing checkable found: looked for "
                        + InputDiscovery.LOOKED_FOR + (cdkApp ? "; this is a CDK app: run 'cdk synth' and check its cdk.out"
                        : "; check the path"));
                failures.add(f);
                statuses.put(root, new InputStatus(root, null, 0, null, f.message()));
            }
        }
    }

    /**
     * The templates given as files, then those read from cloud assemblies (named by their resources' input); never
     * one Preflight refused (over a budget, unreadable, malformed): cfn-lint could hang on it for its whole timeout
     * and lose the findings of the good files, and its error is already reported.
     */
    private static List<CfnLintTarget> cfnLintTargets(List<SourceText> templates, LoadedInputs loaded, RunRequest request) {
        java.util.Set<String> refused = new java.util.HashSet<>();
        for (InputFailure f : loaded.failures()) {
            refused.add(f.file());
        }
        Map<String, CfnLintTarget> out = new LinkedHashMap<>();
        for (SourceText t : templates) {
            if (!refused.contains(t.displayPath())) {
                out.putIfAbsent(t.displayPath(), new CfnLintTarget(t.path(), t.displayPath()));
            }
        }
        for (InputDocument d : loaded.inputs()) {
            if (d.format() != InputFormat.CDK_ASSEMBLY) {
                continue;
            }
            for (Resource r : loaded.resources()) {
                if (r.dialect() == dev.preflight.model.Dialect.CLOUDFORMATION && r.input().startsWith(d.file() + "/")
                        && !refused.contains(r.input())) {
                    out.computeIfAbsent(r.input(), f -> new CfnLintTarget(request.workingDirectory().resolve(f), f));
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    public static final Comparator<RuleResult> RESULT_ORDER = Comparator
            .comparing((RuleResult r) -> r.subject().location().file())
            .thenComparingInt(r -> r.subject().location().line())
            .thenComparing(RuleResult::ruleId)
            .thenComparing(r -> r.subject().id());

    private record ReadFile(DiscoveredInput input, SourceText text, InputFailure failure) {
    }

    private static List<ReadFile> readAll(List<DiscoveredInput> inputs, RunProgress progress) {
        List<ReadFile> out = new ArrayList<>(inputs.size());
        progress.update(RunProgress.Phase.READING, 0, inputs.size(), null);
        if (inputs.size() < 8) {
            int n = 0;
            for (DiscoveredInput in : inputs) {
                out.add(read(in));
                progress.update(RunProgress.Phase.READING, ++n, inputs.size(), in.displayPath());
            }
            return out;
        }
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "preflight-read");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ReadFile>> futures = new ArrayList<>();
            for (DiscoveredInput in : inputs) {
                futures.add(pool.submit(() -> read(in)));
            }
            int n = 0;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    DiscoveredInput in = inputs.get(i);
                    out.add(new ReadFile(in, null, new InputFailure(in.displayPath(), 0, 0, "cannot read: " + e.getCause())));
                }
                progress.update(RunProgress.Phase.READING, ++n, inputs.size(), inputs.get(i).displayPath());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading inputs", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ReadFile read(DiscoveredInput in) {
        if (in.assembly()) {
            return new ReadFile(in, null, null);
        }
        try {
            return new ReadFile(in, SourceFiles.read(in.path(), in.displayPath()), null);
        } catch (InputException e) {
            return new ReadFile(in, null, e.failure());
        }
    }

    private interface LoaderCall {
        LoadedInputs load();
    }

    /** A loader bug must not lose the other inputs: report it as a fault (exit 2) and go on. */
    /**
     * The root modules among the folders of {@code .tf} files; a folder that also holds a plan of this run is read
     * from the plan (which has the configuration's values and more).
     */
    private static LoadedInputs loadTerraformConfiguration(List<Path> folders, List<SourceText> plans,
                                                           RunRequest request, InputDiscovery discovery,
                                                           Map<String, InputStatus> statuses) {
        if (folders.isEmpty()) {
            return LoadedInputs.empty();
        }
        java.util.Set<Path> planFolders = new java.util.HashSet<>();
        for (SourceText p : plans) {
            if (p.path() != null && p.path().toAbsolutePath().getParent() != null) {
                planFolders.add(p.path().toAbsolutePath().normalize().getParent());
            }
        }
        if (!plans.isEmpty()) {
            request.loadOptions().terraformDir().ifPresent(d -> planFolders.add(d.toAbsolutePath().normalize()));
        }
        TerraformVariables variables = new TerraformVariables(request.loadOptions().terraformVarFiles(),
                request.loadOptions().terraformVars(), System.getenv());
        TerraformConfigurationLoader.Result r = new TerraformConfigurationLoader(request.loadOptions(), variables)
                .load(folders, planFolders, discovery::display);
        r.skipped().forEach((folder, why) -> statuses.put(folder, new InputStatus(folder, null, 0, why, null)));
        return r.loaded();
    }

    private static LoadedInputs guard(String what, List<String> faults, LoaderCall call) {
        try {
            return call.load();
        } catch (RuntimeException | StackOverflowError e) {
            faults.add(what + " failed: " + e + "; please report this with the input that caused it");
            return LoadedInputs.empty();
        }
    }

    /**
     * Severities: a FAIL takes the configured severity of its rule when one is set; UNKNOWN takes the configured
     * UNKNOWN severity; PASS and NOT_APPLICABLE are info. Waivers and the baseline are {@link Acceptance}'s.
     */
    /** Results about a resource declared in several places list the others as related locations. */
    static List<RuleResult> withAlsoAt(List<RuleResult> results, Map<ResourceKey, List<LoadedInputs.AlsoAt>> alsoAt) {
        if (alsoAt.isEmpty()) {
            return results;
        }
        List<RuleResult> out = new ArrayList<>(results.size());
        for (RuleResult r : results) {
            List<LoadedInputs.AlsoAt> also = alsoAt.get(r.subject().key());
            if (also == null) {
                out.add(r);
                continue;
            }
            List<RelatedLocation> related = new ArrayList<>(r.related());
            for (LoadedInputs.AlsoAt a : also) {
                related.add(new RelatedLocation(r.subject().id(), a.location(), a.message()));
            }
            out.add(r.withRelated(related)); // keeps the result's scope and standing
        }
        return out;
    }

    static List<RuleResult> configure(List<RuleResult> results, PreflightConfig config) {
        List<RuleResult> out = new ArrayList<>(results.size());
        for (RuleResult r : results) {
            out.add(switch (r.verdict()) {
                case FAIL -> config.severities().containsKey(r.ruleId()) ? r.withSeverity(config.severities().get(r.ruleId())) : r;
                case UNKNOWN -> r.withSeverity(config.unknownSeverity());
                default -> r.withSeverity(Severity.INFO);
            });
        }
        return out;
    }
}
