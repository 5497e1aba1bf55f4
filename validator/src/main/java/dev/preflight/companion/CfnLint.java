package dev.preflight.companion;

import dev.preflight.model.ResourceGraph;
import dev.preflight.rule.RuleMetadata;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the real cfn-lint (1.x) over every CloudFormation template of the run, with {@code --format json}, while
 * the built-in rules evaluate: {@link #start} launches as many processes as {@code --jobs} says, each over a batch of
 * templates of about equal size (cfn-lint is single-threaded), {@link Running#finish} waits for them and merges their
 * matches. Whatever goes wrong (missing with {@code --cfn-lint on}, an exit code cfn-lint does not use, output that
 * is not its JSON, a hang past the timeout) is one fault line naming cfn-lint and what to do: never a silent pass.
 */
public final class CfnLint {
    static final String NAME = "cfn-lint";
    static final String VARIABLE = "PREFLIGHT_CFN_LINT";
    private static final String INSTALL = "install it (pip install cfn-lint), set " + VARIABLE
            + " to its path, or run with --cfn-lint off";

    private CfnLint() {
    }

    /** A started (or skipped) cfn-lint run. */
    public interface Running {
        /** Waits for cfn-lint (within what is left of its time limit) and turns its output into results. */
        CompanionReport finish(ResourceGraph graph);
    }

    /**
     * @param region passed on as {@code --regions} so cfn-lint checks against that Region's resource specs
     */
    public static Running start(CompanionSettings settings, List<CfnLintTarget> targets, Optional<String> region,
                                Path workingDirectory) {
        if (settings.cfnLint() == CfnLintMode.OFF) {
            return graph -> CompanionReport.empty();
        }
        ExecutableSearch.Found found = new ExecutableSearch(NAME, VARIABLE, settings.environment()).find();
        if (found.executable().isEmpty()) {
            boolean explicit = settings.environment().containsKey(VARIABLE);
            if (settings.cfnLint() == CfnLintMode.ON || explicit) {
                String why = settings.cfnLint() == CfnLintMode.ON ? "--cfn-lint on was given but cfn-lint is not available: "
                        : "cfn-lint is not available: ";
                return done(why + found.problem() + "; " + INSTALL);
            }
            return graph -> CompanionReport.empty(); // auto: used only when installed
        }
        if (targets.isEmpty()) {
            return graph -> CompanionReport.empty();
        }
        Path exe = found.executable().get();
        List<String> base = new ArrayList<>(List.of(exe.toString(), "--format", "json"));
        region.filter(r -> !r.isBlank()).ifPresent(r -> base.addAll(List.of("--regions", r)));
        base.add("--");
        Map<String, String> displayPaths = new LinkedHashMap<>();
        for (CfnLintTarget t : targets) {
            displayPaths.putIfAbsent(t.path().toAbsolutePath().normalize().toString(), t.displayPath());
        }
        List<Batch> batches = batches(displayPaths, settings.cfnLintJobs(), settings.cfnLintTimeout());
        long started = System.nanoTime();
        List<ChildProcess> processes = new ArrayList<>();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PYTHONUNBUFFERED", "1");
        if (!settings.environment().containsKey("PYTHONHASHSEED")) {
            // cfn-lint prints Python sets in some messages (E3019 lists the duplicate resources): with Python's
            // per-process string hashing the same template would read differently from run to run and from batch to
            // batch, and a baseline or a PR diff would see a change that is none
            environment.put("PYTHONHASHSEED", "0");
        }
        for (Batch b : batches) {
            List<String> command = new ArrayList<>(base);
            command.addAll(b.files().keySet());
            try {
                // cfn-lint looks for its .cfnlintrc in the working directory, as it would when run by hand
                processes.add(ChildProcess.start(command, workingDirectory, environment));
            } catch (IOException e) {
                processes.forEach(ChildProcess::close);
                return done("cfn-lint (" + exe + ") could not be started (" + e.getMessage() + "); " + INSTALL);
            }
        }
        return graph -> {
            CompanionReport report = CompanionReport.empty();
            try {
                for (int i = 0; i < batches.size(); i++) {
                    Batch b = batches.get(i);
                    Duration left = b.limit().minusNanos(System.nanoTime() - started);
                    try (ChildProcess process = processes.get(i)) {
                        ChildProcess.Completion c = process.await(left.isNegative() ? Duration.ofMillis(1) : left);
                        report = report.plus(interpret(c, exe, b.files(), graph));
                    } catch (ChildProcess.TimedOut e) {
                        report = report.plus(CompanionReport.fault("cfn-lint did not finish within "
                                + b.limit().toSeconds() + " s" + (batches.size() == 1 ? " and was stopped; its findings are missing"
                                : " on " + b.describe(displayPaths.size()) + " and was stopped; its findings for them are missing")
                                + ": raise --cfn-lint-timeout or run with --cfn-lint off"));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                processes.forEach(ChildProcess::close);
                return CompanionReport.fault("cfn-lint was interrupted; its findings are missing");
            }
            return sortedRules(report);
        };
    }

    /**
     * A cfn-lint process's share of the templates (cfn-lint's argument mapped to the path reports show) and its time
     * limit: the timeout for every started MiB of the batch, so a large batch is not cut off by a limit meant for one
     * template.
     */
    record Batch(Map<String, String> files, long bytes, Duration limit) {
        String describe(int total) {
            return files.size() + " of the " + total + " templates (" + String.join(", ", files.values().stream().limit(3).toList())
                    + (files.size() > 3 ? ", ..." : "") + ")";
        }
    }

    /**
     * Splits the templates into at most {@code jobs} batches of about equal size in bytes (largest first, each to the
     * lightest batch); each batch keeps the run's order of its templates.
     */
    static List<Batch> batches(Map<String, String> files, int jobs, Duration timeout) {
        List<String> names = new ArrayList<>(files.keySet());
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String f : names) {
            long size;
            try {
                size = java.nio.file.Files.size(Path.of(f));
            } catch (IOException | RuntimeException e) {
                size = 0; // cfn-lint reports what it cannot read
            }
            sizes.put(f, size);
        }
        int n = Math.max(1, Math.min(jobs, names.size()));
        long[] load = new long[n];
        int[] owner = new int[names.size()];
        List<Integer> bySize = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            bySize.add(i);
        }
        bySize.sort((a, b) -> Long.compare(sizes.get(names.get(b)), sizes.get(names.get(a))));
        for (int i : bySize) {
            int lightest = 0;
            for (int j = 1; j < n; j++) {
                if (load[j] < load[lightest]) {
                    lightest = j;
                }
            }
            owner[i] = lightest;
            load[lightest] += Math.max(1, sizes.get(names.get(i)));
        }
        List<Batch> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            Map<String, String> batch = new LinkedHashMap<>();
            long bytes = 0;
            for (int i = 0; i < names.size(); i++) {
                if (owner[i] == j) {
                    batch.put(names.get(i), files.get(names.get(i)));
                    bytes += sizes.get(names.get(i));
                }
            }
            long mib = Math.max(1, (bytes + (1 << 20) - 1) >> 20);
            out.add(new Batch(batch, bytes, timeout.multipliedBy(mib)));
        }
        return out;
    }

    /** cfn-lint's rules once each, by id, whatever batch met them first: one process and several give the same. */
    private static CompanionReport sortedRules(CompanionReport report) {
        Map<String, RuleMetadata> rules = new java.util.TreeMap<>();
        for (RuleMetadata m : report.rules()) {
            rules.putIfAbsent(m.id(), m);
        }
        return new CompanionReport(report.results(), new ArrayList<>(rules.values()), report.faults());
    }

    /** cfn-lint 1.x exit codes are a bit mask: 2 errors, 4 warnings, 8 informational; 1 is a crash or usage error. */
    static boolean validExitCode(int code) {
        return code >= 0 && code <= 14 && code % 2 == 0;
    }

    static CompanionReport interpret(ChildProcess.Completion c, Path exe, Map<String, String> displayPaths,
                                     ResourceGraph graph) {
        if (!validExitCode(c.exitCode())) {
            String err = c.lastErrorLine();
            return CompanionReport.fault("cfn-lint (" + exe + ") failed with exit code " + c.exitCode()
                    + (err.isEmpty() ? "" : " (" + truncate(err) + ")")
                    + "; its findings are missing: run cfn-lint on the templates to see why, or use --cfn-lint off");
        }
        if (c.stdoutTruncated()) {
            return CompanionReport.fault("cfn-lint printed more than " + (ChildProcess.MAX_STDOUT >> 20)
                    + " MiB; its findings are missing: run cfn-lint on fewer templates, or use --cfn-lint off");
        }
        CompanionReport report;
        try {
            report = CfnLintFindings.parse(c.stdout(), displayPaths, graph);
        } catch (CfnLintFindings.NotCfnLintJson e) {
            return CompanionReport.fault("cfn-lint (" + exe + ") printed no JSON report: " + e.getMessage()
                    + "; its findings are missing: check that it is cfn-lint 1.x (cfn-lint --version), or use --cfn-lint off");
        }
        if (c.exitCode() != 0 && report.results().isEmpty()) {
            return CompanionReport.fault("cfn-lint exited with code " + c.exitCode()
                    + " (findings) but reported none; its findings are missing: run cfn-lint on the templates to see why");
        }
        return report;
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static Running done(String fault) {
        CompanionReport r = CompanionReport.fault(fault);
        return graph -> r;
    }
}
