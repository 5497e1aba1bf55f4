package dev.preflight.cli;


import dev.preflight.config.ConfigException;
import dev.preflight.config.ConfigReader;
import dev.preflight.config.PreflightConfig;
import dev.preflight.engine.RunRequest;
import dev.preflight.load.LoadOptions;
import dev.preflight.engine.Baseline;
import dev.preflight.load.InputBudget;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RunSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options of a run over infrastructure inputs, shared by {@code check} and {@code reconcile}: parameters,
 * Region and account, SCP files, configuration, {@code --fail-on}, baseline, text-report switches and the
 * companions. {@link #prepare} turns them into what a run needs, or a usage error (exit 3).
 */
final class RunOptions {
    @Option(names = {"-p", "--parameter"}, paramLabel = "KEY=VALUE",
            description = "CloudFormation parameter value (repeatable); wins over the parameter's Default.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Terraform variable value for configuration checked without a plan (repeatable); wins over "
                    + ".tfvars files and TF_VAR_ variables, as terraform plan -var does.")
    Map<String, String> terraformVars = new LinkedHashMap<>();

    @Option(names = "--var-file", paramLabel = "FILE",
            description = "Terraform variables file (.tfvars or .tfvars.json) for configuration checked without a plan "
                    + "(repeatable); read after terraform.tfvars and *.auto.tfvars.")
    java.util.List<Path> terraformVarFiles = new java.util.ArrayList<>();

    @Option(names = "--terraform-dir", paramLabel = "DIR",
            description = "Folder of the .tf files a Terraform plan was made from, when the plan is not in it: findings "
                    + "at .tf lines, and the configuration resolves what the plan leaves unknown.")
    Path terraformDir;

    @Option(names = "--region", description = "AWS Region the inputs deploy to (resolves AWS::Region).")
    String region;

    @Option(names = "--account", description = "AWS account id the inputs deploy to (resolves AWS::AccountId; decides aws:PrincipalAccount).")
    String account;

    @Option(names = "--scp", paramLabel = "FILE", description = "Service control policy JSON file that applies to the account (repeatable).")
    List<Path> scps = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: the nearest .preflight.yaml from "
            + "the working directory up to the repository root, as git finds .gitignore).")
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

    @Option(names = "--progress", negatable = true, description = "Show progress on stderr (default: when stderr is a "
            + "terminal, not under CI, not with --quiet; --progress in a CI log prints a line per phase).")
    Boolean progress;

    @Option(names = "--no-color", description = "Never colour the text report (colour is used only on a terminal; NO_COLOR is honoured).")
    boolean noColor;

    @CommandLine.Mixin
    CompanionOptions companions = new CompanionOptions();

    /** A usage or configuration error: nothing is run (exit 3). */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** What the options decide before a run. */
    record Prepared(PreflightConfig config, FailOn level, Baseline baseline, Path workingDirectory) {
        /** Colour only on a terminal, for standard output, unless switched off. */
        boolean color(RunOptions o, Path output) {
            return !o.noColor && System.console() != null && System.getenv("NO_COLOR") == null && output == null;
        }
    }

    Prepared prepare(List<Rule> rules) throws UsageException {
        Path cwd = Path.of("").toAbsolutePath();
        PreflightConfig cfg;
        try {
            cfg = loadConfig(cwd, rules);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
        FailOn level;
        Baseline known;
        try {
            level = FailOn.parse(failOn != null ? failOn : cfg.failOn().orElse("error"));
            known = baseline == null ? Baseline.NONE : Baseline.read(baseline);
        } catch (IllegalArgumentException | Baseline.BaselineException e) {
            throw new UsageException(e.getMessage());
        }
        return new Prepared(cfg, level, known, cwd);
    }

    RunRequest request(Prepared p, List<Path> paths) throws UsageException {
        if (terraformDir != null && !hasTerraformFiles(terraformDir)) {
            throw new UsageException("--terraform-dir " + terraformDir + ": " + (Files.isDirectory(terraformDir)
                    ? "no .tf or .tf.json files in this folder" : "no such folder"));
        }
        // the one merge of options and configuration, shared with the CDK checks; the baseline is applied by the
        // engine's acceptance step, once
        RunRequest merged = RunRequest.merged(paths, scps, p.workingDirectory(), p.config(), parameters,
                Optional.ofNullable(region), Optional.ofNullable(account), null);
        LoadOptions lo = merged.loadOptions();
        RunRequest request = new RunRequest(paths, scps, p.workingDirectory(),
                new LoadOptions(lo.parameters(), lo.region(), lo.account(), terraformVarFiles, terraformVars,
                        Optional.ofNullable(terraformDir)),
                merged.settings(), p.config()).withBaseline(p.baseline());
        try {
            InputBudget.values(); // a mistyped PREFLIGHT_MAX_VALUES is a usage error before any input is read
            return request.withCompanions(companions.settings(System.getenv()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static boolean hasTerraformFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).anyMatch(n -> n.endsWith(".tf") || n.endsWith(".tf.json"));
        } catch (java.io.IOException e) {
            return false;
        }
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
        Optional<Path> implicit = ConfigReader.discover(cwd);
        if (implicit.isPresent()) {
            Path rel = cwd.toAbsolutePath().normalize().relativize(implicit.get());
            return reader.read(implicit.get(), rel.toString().replace('\\', '/'));
        }
        return PreflightConfig.defaults();
    }
}
