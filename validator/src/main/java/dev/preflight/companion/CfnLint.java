package dev.preflight.companion;

import dev.preflight.model.ResourceGraph;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the real cfn-lint (1.x) once over every CloudFormation template of the run, with {@code --format json}, while
 * the built-in rules evaluate: {@link #start} launches the process, {@link Running#finish} waits for it and merges its
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
        List<String> command = new ArrayList<>(List.of(exe.toString(), "--format", "json"));
        region.filter(r -> !r.isBlank()).ifPresent(r -> command.addAll(List.of("--regions", r)));
        command.add("--");
        Map<String, String> displayPaths = new LinkedHashMap<>();
        for (CfnLintTarget t : targets) {
            String arg = t.path().toAbsolutePath().normalize().toString();
            if (displayPaths.putIfAbsent(arg, t.displayPath()) == null) {
                command.add(arg);
            }
        }
        Duration limit = settings.cfnLintTimeout();
        long started = System.nanoTime();
        ChildProcess process;
        try {
            // cfn-lint looks for its .cfnlintrc in the working directory, as it would when run by hand
            process = ChildProcess.start(command, workingDirectory, Map.of("PYTHONUNBUFFERED", "1"));
        } catch (IOException e) {
            return done("cfn-lint (" + exe + ") could not be started (" + e.getMessage() + "); " + INSTALL);
        }
        return graph -> {
            Duration left = limit.minusNanos(System.nanoTime() - started);
            try (process) {
                ChildProcess.Completion c = process.await(left.isNegative() ? Duration.ofMillis(1) : left);
                return interpret(c, exe, displayPaths, graph);
            } catch (ChildProcess.TimedOut e) {
                return CompanionReport.fault("cfn-lint did not finish within " + limit.toSeconds()
                        + " s and was stopped; its findings are missing: raise --cfn-lint-timeout or run with --cfn-lint off");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompanionReport.fault("cfn-lint was interrupted; its findings are missing");
            }
        };
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
