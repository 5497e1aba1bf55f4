package dev.preflight.cli;

import dev.preflight.engine.DiscoveredInput;
import dev.preflight.engine.InputDiscovery;
import dev.preflight.engine.PreflightEngine;
import dev.preflight.engine.ShardPlanner;
import dev.preflight.engine.RunOutcome;
import dev.preflight.engine.RunRequest;
import dev.preflight.load.InputFailure;
import dev.preflight.report.Report;
import dev.preflight.report.ReportFormats;
import dev.preflight.report.TerminalText;
import dev.preflight.rule.Rule;
import dev.preflight.rules.BuiltInRules;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code preflight check PATH...}: load the inputs, run the rules, write the reports, exit with the verdict. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check CloudFormation templates (YAML/JSON), CDK cloud assemblies (cdk.out) and Terraform "
                + "plan JSON (terraform show -json), or directories holding them.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  nothing at or above --fail-on", "  1  results at or above --fail-on",
                "  2  an input could not be read (all readable inputs were still checked)",
                "  3  usage or configuration error"})
final class CheckCommand implements Callable<Integer>, PlainCommand {
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

    @Option(names = "--shard", paramLabel = "K/N",
            description = "Check only shard K of N (1-based) for a CI matrix: a deterministic split that keeps templates "
                    + "importing each other's exports together; SCP files go to every shard. Combine with `preflight merge`.")
    String shard;

    @CommandLine.Mixin
    RunOptions run = new RunOptions();

    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ReportFormats.names().iterator();
        }
    }

    @Override
    public Integer call() {
        return call(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Runs the check with its options already bound (by picocli or {@link PlainCommandLine}). */
    @Override
    public Integer call(PrintWriter out, PrintWriter err) {
        if (paths.isEmpty() && run.scps.isEmpty()) {
            // an auditor may check SCP files on their own; with neither there is nothing to check
            err.println("preflight: give a PATH to check, or --scp FILE to check service control policies on their own");
            err.println("Usage: preflight check [OPTIONS] PATH... (see preflight check --help)");
            return ExitCode.USAGE;
        }
        List<Rule> rules = BuiltInRules.all();
        RunOptions.Prepared prepared;
        ReportTargets<Report> targets;
        try {
            prepared = run.prepare(rules);
            boolean color = prepared.color(run, output);
            ReportFormats.Options options = new ReportFormats.Options(color, run.showPasses,
                    prepared.level() == FailOn.UNKNOWN, prepared.workingDirectory());
            targets = ReportTargets.parse(formats, output, (name, toStdout) -> ReportFormats.create(name,
                    new ReportFormats.Options(toStdout && color, options.showPasses(), options.unknownFails(),
                            options.workingDirectory())), ReportFormats.names());
        } catch (RunOptions.UsageException | IllegalArgumentException e) {
            err.println("preflight: " + TerminalText.escape(e.getMessage()));
            return ExitCode.USAGE;
        }
        Path cwd = prepared.workingDirectory();
        List<Path> checked = paths;
        ShardStamp stamp = null;
        if (shard != null) {
            try {
                ShardPlanner.Shard which = ShardPlanner.Shard.parse(shard);
                InputDiscovery.Discovery found = new InputDiscovery(cwd).discover(paths, List.of());
                stamp = ShardStamp.of(which, found.inputs());
                checked = new ArrayList<>();
                for (DiscoveredInput in : ShardPlanner.select(found.inputs(), which, rules.stream().map(Rule::metadata).toList())) {
                    checked.add(in.path());
                }
                for (InputFailure f : found.missing()) {
                    checked.add(Path.of(f.file())); // still reported as missing, by the shard that owns it: the first
                }
                if (which.index() != 1) {
                    checked.removeIf(p -> !Files.exists(p));
                }
            } catch (IllegalArgumentException e) {
                err.println("preflight: " + TerminalText.escape(e.getMessage()));
                return ExitCode.USAGE;
            }
        }
        RunRequest request;
        try {
            request = run.request(prepared, checked);
        } catch (RunOptions.UsageException e) {
            err.println("preflight: " + TerminalText.escape(e.getMessage()));
            return ExitCode.USAGE;
        }
        PreflightEngine engine = new PreflightEngine(rules, ToolVersion.get());
        RunOutcome outcome;
        boolean fails;
        ReportTargets.Written written;
        ShardStamp shardStamp = stamp;
        try (ProgressLine progress = ProgressLine.start(run.progress, run.quiet, err)) {
            outcome = engine.run(request, progress);
            // waived and existing findings were decided once by the engine (Acceptance); the exit code only reads them
            fails = prepared.level().failsAny(outcome.results());
            RunOutcome result = outcome;
            written = targets.write((r, w) -> {
                        if (shardStamp != null && r instanceof dev.preflight.report.JsonReport) {
                            shardStamp.write(r, result, w);
                        } else {
                            r.write(result, w);
                        }
                    },
                    run.quiet && !fails && !outcome.incomplete(), out, progress);
        }
        if (written.error() != null) {
            err.println("preflight: " + TerminalText.escape(written.error()));
            return ExitCode.INPUT_ERROR;
        }
        if (!written.textOnStdout()) {
            for (InputFailure f : outcome.failures()) {
                err.println("preflight: " + TerminalText.escape(f.oneLine()));
            }
            for (String f : outcome.faults()) {
                err.println("preflight: " + TerminalText.escape(f));
            }
            for (String w : outcome.warnings()) {
                err.println("preflight: warning: " + w);
            }
        }
        if (outcome.incomplete()) {
            return ExitCode.INPUT_ERROR;
        }
        return fails ? ExitCode.FINDINGS : ExitCode.OK;
    }
}
