package dev.preflight.cli;

import dev.preflight.engine.PreflightEngine;
import dev.preflight.engine.ReconcileOutcome;
import dev.preflight.engine.ReconcileRequest;
import dev.preflight.engine.ReconcileRun;
import dev.preflight.engine.RunRequest;
import dev.preflight.report.ReconcileReport;
import dev.preflight.report.ReconcileReports;
import dev.preflight.rule.Rule;
import dev.preflight.rules.BuiltInRules;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code preflight reconcile --coverage FILE... --instances FILE... PATH...}: checks the code as {@code check}
 * does and sets the GuardDuty console's coverage of each instance beside the prediction, with the findings that
 * explain it or what Preflight could not see. No AWS calls: the account's state comes from saved CLI output.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Explain the GuardDuty console's coverage, instance by instance, from the infrastructure code: "
                + "saved `aws guardduty list-coverage` and `aws ec2 describe-instances` output (and optionally "
                + "`terraform show -json` of the state and one coverage EventBridge event) beside the check of PATH...",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  nothing at or above --fail-on", "  1  results at or above --fail-on",
                "  2  an input or account file could not be used (everything else was still reconciled)",
                "  3  usage or configuration error"})
final class ReconcileCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "The code: files or directories, as for check.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--coverage", paramLabel = "FILE", required = true, split = ",",
            description = "Saved `aws guardduty list-coverage --detector-id ID --output json`: repeatable, or FILE,FILE, "
                    + "or a directory of .json files; pages in several files, a JSON array of pages, or pages one after "
                    + "the other; the CLI's or the API's field names.")
    List<Path> coverage = new ArrayList<>();

    @Option(names = "--instances", paramLabel = "FILE", required = true, split = ",",
            description = "Saved `aws ec2 describe-instances --output json` of the same account and Region (repeatable, "
                    + "FILE,FILE or a directory).")
    List<Path> instances = new ArrayList<>();

    @Option(names = "--terraform-state", paramLabel = "FILE",
            description = "`terraform show -json` of the state (no plan): links instance ids and group names to addresses.")
    Path terraformState;

    @Option(names = "--event", paramLabel = "FILE",
            description = "One saved EventBridge event `GuardDuty Runtime Protection Unhealthy` or `... Healthy`: its "
                    + "instance is reconciled with the event's status.")
    Path event;

    @Option(names = "--match-tag", paramLabel = "KEY",
            description = "Link instances to the code by this tag: its value on the instance equals the value the code "
                    + "gives it (repeatable), e.g. --match-tag Name.")
    List<String> matchTags = new ArrayList<>();

    @Option(names = "--stack", paramLabel = "NAME=FILE",
            description = "The template FILE of CloudFormation stack NAME, when a logical id is in several templates (repeatable).")
    Map<String, String> stacks = new LinkedHashMap<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FMT[=FILE]",
            description = "Report format: text (default), json, markdown, html or sarif. Repeatable; FMT=FILE writes "
                    + "that format to FILE (atomically).")
    List<String> formats = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the first format without =FILE to FILE instead of standard output.")
    Path output;

    @CommandLine.Mixin
    RunOptions run = new RunOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Rule> rules = BuiltInRules.all();
        RunOptions.Prepared prepared;
        ReportTargets<ReconcileReport> targets;
        RunRequest request;
        try {
            prepared = run.prepare(rules);
            boolean color = prepared.color(run, output);
            targets = ReportTargets.parse(formats, output, (name, toStdout) -> ReconcileReports.create(name,
                    new ReconcileReports.Options(toStdout && color, run.showPasses, prepared.workingDirectory())),
                    ReconcileReports.names());
            request = run.request(prepared, paths);
        } catch (RunOptions.UsageException | IllegalArgumentException e) {
            err.println("preflight: " + e.getMessage());
            return ExitCode.USAGE;
        }
        ReconcileRequest account = new ReconcileRequest(coverage, instances, terraformState, event, matchTags, stacks);
        ReconcileOutcome outcome;
        try (ProgressLine progress = ProgressLine.start(run.progress, run.quiet, err)) {
            outcome = ReconcileRun.execute(new PreflightEngine(rules, ToolVersion.get()), request, account, progress);
        }
        boolean fails = prepared.level().failsAny(outcome.run().results());
        ReportTargets.Written written = targets.write((r, w) -> r.write(outcome, w),
                run.quiet && !fails && !outcome.incomplete(), out);
        if (written.error() != null) {
            err.println("preflight: " + written.error());
            return ExitCode.INPUT_ERROR;
        }
        if (!written.textOnStdout()) {
            for (String e : outcome.errors()) {
                err.println("preflight: " + e);
            }
        }
        if (outcome.incomplete()) {
            return ExitCode.INPUT_ERROR;
        }
        return fails ? ExitCode.FINDINGS : ExitCode.OK;
    }
}
