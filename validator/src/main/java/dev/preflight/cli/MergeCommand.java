package dev.preflight.cli;

import dev.preflight.report.TerminalText;
import dev.preflight.engine.RuleCatalog;
import dev.preflight.engine.RunOutcome;
import dev.preflight.report.JsonReportReader;
import dev.preflight.report.Report;
import dev.preflight.report.ReportFormats;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rules.BuiltInRules;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code preflight merge a.json b.json ...}: combines the JSON reports of a sharded run ({@code check --shard K/N})
 * into one report in any format, with the exit code one run over all inputs would have had.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Merge JSON reports of sharded runs (check --shard K/N --format json=FILE) into any format.")
final class MergeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "REPORT", arity = "1..*", description = "JSON reports written by preflight check.")
    List<Path> reports = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FMT[=FILE]",
            description = "Report format, repeatable, as for check. Default: text.")
    List<String> formats = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "error (default), warning, unknown or never.")
    String failOn = "error";

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FailOn level;
        ReportTargets<Report> targets;
        try {
            level = FailOn.parse(failOn);
            ReportFormats.Options options = new ReportFormats.Options(false, false, level == FailOn.UNKNOWN,
                    Path.of("").toAbsolutePath());
            targets = ReportTargets.parse(formats, null, (name, toStdout) -> ReportFormats.create(name, options),
                    ReportFormats.names());
        } catch (IllegalArgumentException e) {
            err.println("preflight: " + TerminalText.escape(e.getMessage()));
            return ExitCode.USAGE;
        }
        Map<String, RuleMetadata> catalogue = new LinkedHashMap<>();
        for (Rule r : BuiltInRules.all()) {
            catalogue.put(r.id(), RuleCatalog.documented(r));
        }
        String incomplete = ShardSet.problem(reports);
        if (incomplete != null) {
            err.println("preflight: " + TerminalText.escape(incomplete));
            return ExitCode.USAGE;
        }
        RunOutcome merged;
        try {
            merged = new JsonReportReader(catalogue).merge(reports);
        } catch (IOException e) {
            err.println("preflight: " + TerminalText.escape(e.getMessage()));
            return ExitCode.USAGE;
        }
        ReportTargets.Written written = targets.write((r, w) -> r.write(merged, w), false, out);
        if (written.error() != null) {
            err.println("preflight: " + TerminalText.escape(written.error()));
            return ExitCode.INPUT_ERROR;
        }
        if (merged.incomplete()) {
            return ExitCode.INPUT_ERROR;
        }
        return level.failsAny(merged.results()) ? ExitCode.FINDINGS : ExitCode.OK;
    }
}
