package dev.preflight.cli;

import dev.preflight.config.ConfigException;
import dev.preflight.config.ConfigReader;
import dev.preflight.config.PreflightConfig;
import dev.preflight.engine.DiscoveredInput;
import dev.preflight.engine.InputDiscovery;
import dev.preflight.engine.PreflightEngine;
import dev.preflight.engine.ShardPlanner;
import dev.preflight.engine.RunOutcome;
import dev.preflight.engine.RunRequest;
import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadOptions;
import dev.preflight.report.AtomicFile;
import dev.preflight.report.Baseline;
import dev.preflight.report.Report;
import dev.preflight.report.ReportFormats;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RunSettings;
import dev.preflight.rules.BuiltInRules;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code preflight check PATH...}: load the inputs, run the rules, write the reports, exit with the verdict. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check CloudFormation templates (YAML/JSON), CDK cloud assemblies (cdk.out) and Terraform "
                + "plan JSON (terraform show -json), or directories holding them.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  nothing at or above --fail-on", "  1  results at or above --fail-on",
                "  2  an input could not be read (all readable inputs were still checked)",
                "  3  usage or configuration error"})
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Files or directories to check (none needed when only --scp files are checked).")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FMT[=FILE]",
            description = "Report format: ${COMPLETION-CANDIDATES}. Repeatable; FMT=FILE writes that format to FILE "
                    + "(atomically), e.g. --format text --format json=preflight.json. Default: text.",
            completionCandidates = FormatNames.class)
    List<String> formats = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the first format without =FILE to FILE instead of standard output.")
    Path output;

    @Option(names = {"-p", "--parameter"}, paramLabel = "KEY=VALUE",
            description = "CloudFormation parameter value (repeatable); wins over the parameter's Default.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--region", description = "AWS Region the inputs deploy to (resolves AWS::Region).")
    String region;

    @Option(names = "--account", description = "AWS account id the inputs deploy to (resolves AWS::AccountId; decides aws:PrincipalAccount).")
    String account;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "Check only shard K of N (1-based) for a CI matrix: a deterministic split that keeps templates "
                    + "importing each other's exports together; SCP files go to every shard. Combine with `preflight merge`.")
    String shard;

    @Option(names = "--scp", paramLabel = "FILE", description = "Service control policy JSON file that applies to the account (repeatable).")
    List<Path> scps = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: .preflight.yaml in the working directory, if present).")
    Path config;

    @Option(names = "--fail-on", paramLabel = "LEVEL",
            description = "error (default), warning, unknown or never: the results that make the exit code 1.")
    String failOn;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "An earlier JSON report: findings it already had are shown as existing and do not fail the run; only new ones count.")
    Path baseline;

    @Option(names = "--show-passes", description = "List passing and not-applicable results in the text report too.")
    boolean showPasses;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing when nothing fails; no progress.")
    boolean quiet;

    @Option(names = "--no-color", description = "Never colour the text report (colour is used only on a terminal; NO_COLOR is honoured).")
    boolean noColor;

    @CommandLine.Mixin
    CompanionOptions companions = new CompanionOptions();

    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ReportFormats.names().iterator();
        }
    }

    private record Target(Report report, Path file) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path cwd = Path.of("").toAbsolutePath();
        if (paths.isEmpty() && scps.isEmpty()) {
            // an auditor may check SCP files on their own; with neither there is nothing to check
            err.println("preflight: give a PATH to check, or --scp FILE to check service control policies on their own");
            err.println("Usage: preflight check [OPTIONS] PATH... (see preflight check --help)");
            return ExitCode.USAGE;
        }
        List<Rule> rules = BuiltInRules.all();
        PreflightConfig cfg;
        try {
            cfg = loadConfig(cwd, rules);
        } catch (ConfigException e) {
            err.println("preflight: " + e.getMessage());
            return ExitCode.USAGE;
        }
        FailOn level;
        try {
            level = FailOn.parse(failOn != null ? failOn : cfg.failOn().orElse("error"));
        } catch (IllegalArgumentException e) {
            err.println("preflight: " + e.getMessage());
            return ExitCode.USAGE;
        }
        boolean color = !noColor && System.console() != null && System.getenv("NO_COLOR") == null
                && output == null;
        Baseline known;
        try {
            known = baseline == null ? Baseline.NONE : Baseline.read(baseline);
        } catch (Baseline.BaselineException e) {
            err.println("preflight: " + e.getMessage());
            return ExitCode.USAGE;
        }
        List<Target> targets = new ArrayList<>();
        try {
            targets = targets(color, new ReportFormats.Options(color, showPasses, level == FailOn.UNKNOWN, cwd, known));
        } catch (IllegalArgumentException e) {
            err.println("preflight: " + e.getMessage());
            return ExitCode.USAGE;
        }

        Map<String, String> params = new LinkedHashMap<>(cfg.parameters());
        params.putAll(parameters);
        Optional<String> reg = Optional.ofNullable(region).or(cfg::region);
        Optional<String> acct = Optional.ofNullable(account).or(cfg::account);
        List<Path> checked = paths;
        if (shard != null) {
            try {
                ShardPlanner.Shard which = ShardPlanner.Shard.parse(shard);
                InputDiscovery.Discovery found = new InputDiscovery(cwd).discover(paths, List.of());
                checked = new ArrayList<>();
                for (DiscoveredInput in : ShardPlanner.select(found.inputs(), which)) {
                    checked.add(in.path());
                }
                for (InputFailure f : found.missing()) {
                    checked.add(Path.of(f.file())); // still reported as missing, by the shard that owns it: the first
                }
                if (which.index() != 1) {
                    checked.removeIf(p -> !Files.exists(p));
                }
            } catch (IllegalArgumentException e) {
                err.println("preflight: " + e.getMessage());
                return ExitCode.USAGE;
            }
        }
        RunRequest request = new RunRequest(checked, scps, cwd, new LoadOptions(params, reg, acct),
                new RunSettings(reg, acct, LocalDate.now()), cfg);
        try {
            request = request.withCompanions(companions.settings(System.getenv()));
        } catch (IllegalArgumentException e) {
            err.println("preflight: " + e.getMessage());
            return ExitCode.USAGE;
        }
        PreflightEngine engine = new PreflightEngine(rules, ToolVersion.get());
        RunOutcome outcome;
        try (ProgressLine progress = ProgressLine.start(quiet, err)) {
            outcome = engine.run(request, progress::filesRead);
        }

        boolean fails = level.failsAny(outcome.results().stream().filter(r -> !known.existing(r)).toList());
        boolean textOnStdout = false;
        for (Target t : targets) {
            if (quiet && t.file() == null && !fails && !outcome.incomplete()) {
                continue;
            }
            try {
                if (t.file() == null) {
                    StringWriter buf = new StringWriter();
                    t.report().write(outcome, buf);
                    out.print(buf);
                    out.flush();
                    textOnStdout |= t.report().name().equals("text");
                } else {
                    AtomicFile.write(t.file(), w -> t.report().write(outcome, w));
                }
            } catch (IOException e) {
                err.println("preflight: cannot write " + t.report().name() + " report to "
                        + (t.file() == null ? "standard output" : t.file()) + ": " + e.getMessage());
                return ExitCode.INPUT_ERROR;
            }
        }
        if (!textOnStdout) {
            for (InputFailure f : outcome.failures()) {
                err.println("preflight: " + f.oneLine());
            }
            for (String f : outcome.faults()) {
                err.println("preflight: " + f);
            }
        }
        if (outcome.incomplete()) {
            return ExitCode.INPUT_ERROR;
        }
        return fails ? ExitCode.FINDINGS : ExitCode.OK;
    }

    private List<Target> targets(boolean color, ReportFormats.Options options) {
        List<String> specs = formats.isEmpty() ? List.of("text") : formats;
        List<Target> out = new ArrayList<>();
        boolean outputUsed = false;
        int toStdout = 0;
        for (String s : specs) {
            String name = s;
            Path file = null;
            int eq = s.indexOf('=');
            if (eq >= 0) {
                name = s.substring(0, eq);
                file = Path.of(s.substring(eq + 1));
            } else if (output != null && !outputUsed) {
                file = output;
                outputUsed = true;
            }
            String n = name.trim();
            Report r = ReportFormats.create(n, new ReportFormats.Options(file == null && color, options.showPasses(),
                            options.unknownFails(), options.workingDirectory(), options.baseline()))
                    .orElseThrow(() -> new IllegalArgumentException("unknown format '" + n + "' (formats: "
                            + String.join(", ", ReportFormats.names()) + ")"));
            if (file == null && ++toStdout > 1) {
                throw new IllegalArgumentException("only one format can go to standard output; give the others a file: --format json=report.json");
            }
            out.add(new Target(r, file));
        }
        return out;
    }

    private PreflightConfig loadConfig(Path cwd, List<Rule> rules) throws ConfigException {
        Set<String> ids = rules.stream().map(Rule::id).collect(Collectors.toSet());
        ConfigReader reader = new ConfigReader(ids);
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new ConfigException(config + ": no such configuration file");
            }
            return reader.read(config, config.toString());
        }
        Path implicit = cwd.resolve(".preflight.yaml");
        if (Files.isRegularFile(implicit)) {
            return reader.read(implicit, ".preflight.yaml");
        }
        return PreflightConfig.defaults();
    }
}
