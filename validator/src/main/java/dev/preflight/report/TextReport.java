package dev.preflight.report;

import dev.preflight.coverage.CoverageReport;
import dev.preflight.coverage.CoverageStatistic;
import dev.preflight.coverage.WorkloadCoverage;
import dev.preflight.engine.InputStatus;
import dev.preflight.engine.RunOutcome;
import dev.preflight.load.InputFailure;
import dev.preflight.model.SourceLocation;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Subject;
import dev.preflight.rule.Verdict;

import java.io.IOException;
import java.io.Writer;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Human output: results grouped by file, one line each ({@code file:line:col  GD002  error  AppInstance  message},
 * clickable in terminals and editors), then input problems and a summary with the predicted coverage.
 * Passes are counted; {@code showPasses} lists them too. Text from the inputs is escaped ({@link TerminalText}): no
 * control character reaches the terminal or CI log, and no line starts a GitHub workflow command.
 */
public final class TextReport implements Report {
    private final boolean color;
    private final boolean showPasses;
    /** With a baseline, findings it already had are marked {@code [existing]}. */
    public TextReport(boolean color, boolean showPasses) {
        this.color = color;
        this.showPasses = showPasses;
    }

    @Override
    public String name() {
        return "text";
    }

    @Override
    public void write(RunOutcome o, Writer out) throws IOException {
        String file = null;
        for (RuleResult r : o.results()) {
            boolean shown = r.verdict() == Verdict.FAIL || r.verdict() == Verdict.UNKNOWN || showPasses;
            if (!shown) {
                continue;
            }
            SourceLocation l = r.subject().location();
            if (!l.file().equals(file)) {
                if (file != null) {
                    out.write('\n');
                }
                file = l.file();
            }
            String sev = switch (r.verdict()) {
                case FAIL -> r.severity().wireName();
                case UNKNOWN -> "unknown";
                case PASS -> "pass";
                case NOT_APPLICABLE -> "n/a";
            };
            String msg = r.message();
            if (r.verdict() == Verdict.UNKNOWN && r.reason() != null && !msg.contains(r.reason())) {
                msg = msg + " (" + r.reason() + ")";
            }
            if (r.existing()) {
                msg = msg + " [existing]";
            }
            if (r.waived()) {
                msg = msg + " [waived: " + r.waiver().reason() + (r.waiver().expires() == null ? "" : ", until " + r.waiver().expires()) + "]";
            }
            out.write(paint(location(l), DIM) + "  " + TerminalText.escape(r.ruleId()) + "  "
                    + paint(pad(sev, 7), colorOf(r)) + "  " + TerminalText.escape(subject(r)) + "  "
                    + TerminalText.escape(msg) + "\n");
        }
        if (file != null) {
            out.write('\n');
        }
        for (InputStatus s : o.inputs()) {
            if (s.skipped() != null) {
                out.write(paint(TerminalText.path(s.file()), DIM) + "  skipped: " + TerminalText.escape(s.skipped()) + "\n");
            } else if (s.symlink() != null) {
                out.write(paint(TerminalText.path(s.file()), DIM) + "  read through a symbolic link: "
                        + TerminalText.escape(s.symlink()) + "\n");
            }
        }
        String plan = planWithoutConfiguration(o);
        if (plan != null) {
            out.write(paint("note: ", DIM) + "findings of " + TerminalText.path(plan) + " point into the plan JSON; to have "
                    + "them at their .tf lines, keep the plan in the folder of the .tf files it was made from or give "
                    + "that folder as --terraform-dir DIR\n");
        }
        for (InputFailure f : o.failures()) {
            out.write(paint("error: ", RED) + TerminalText.escape(f.oneLine()) + "\n");
        }
        for (String f : o.faults()) {
            out.write(paint("error: ", RED) + TerminalText.escape(f) + "\n");
        }
        for (String w : o.warnings()) {
            out.write(paint("warning: ", YELLOW) + w + "\n");
        }
        writeSummary(o, out);
    }

    /** A Terraform plan some finding of which is located in the plan itself (no configuration beside it), or null. */
    private static String planWithoutConfiguration(RunOutcome o) {
        Set<String> plans = new HashSet<>();
        for (InputStatus s : o.inputs()) {
            if ("terraform-plan".equals(s.format()) && s.error() == null) {
                plans.add(s.file());
            }
        }
        for (RuleResult r : o.results()) {
            String f = r.subject().location().file();
            if ((r.verdict() == Verdict.FAIL || r.verdict() == Verdict.UNKNOWN) && r.subject().location().line() > 0
                    && plans.contains(f)) {
                return f;
            }
        }
        return null;
    }

    private void writeSummary(RunOutcome o, Writer out) throws IOException {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        int waived = 0;
        int existing = 0;
        for (RuleResult r : o.results()) {
            counts.merge(r.verdict(), 1, Integer::sum);
            if (r.waived()) {
                waived++;
            }
            if (r.existing()) {
                existing++;
            }
        }
        int loaded = 0;
        int resources = 0;
        for (InputStatus s : o.inputs()) {
            if (s.format() != null && s.error() == null) {
                loaded++;
                resources += s.resources();
            }
        }
        if (loaded == 0 && !(o.failures().isEmpty() && o.faults().isEmpty())) {
            out.write(paint("Nothing was checked", RED) + ": every input had an error (above)\n");
            return;
        }
        out.write("Checked " + loaded + " input" + (loaded == 1 ? "" : "s") + " (" + resources + " resources): "
                + paint(counts.getOrDefault(Verdict.FAIL, 0) + " failed", RED) + ", "
                + paint(counts.getOrDefault(Verdict.UNKNOWN, 0) + " unknown", YELLOW) + ", "
                + paint(counts.getOrDefault(Verdict.PASS, 0) + " passed", GREEN) + ", "
                + counts.getOrDefault(Verdict.NOT_APPLICABLE, 0) + " not applicable, " + waived + " waived"
                + (o.baseline() != null ? ", " + existing + " existing in the baseline" : "") + "\n");
        CoverageReport c = o.coverage();
        if (c.total() == 0) {
            out.write("Predicted coverage: no EC2 workloads in the inputs\n");
            return;
        }
        CoverageStatistic st = c.statistic();
        out.write("Predicted coverage: " + paint(TerminalText.escape(st.statement()), !st.computed() ? YELLOW
                : st.percent() != null && st.percent() == 100.0 ? GREEN : RED) + "\n");
        out.write("  basis: " + TerminalText.escape(st.basis()) + "\n");
        for (WorkloadCoverage w : c.workloads()) {
            String status = w.status().label() + (w.issueType() == null ? "" : " (" + w.issueType() + ")");
            out.write("  " + paint(location(w.workload().location()), DIM) + "  " + TerminalText.escape(w.workload().id())
                    + "  " + TerminalText.escape(w.instances().describe()) + "  " + paint(TerminalText.escape(status), switch (w.status()) {
                case HEALTHY -> GREEN;
                case UNHEALTHY -> RED;
                case EXCLUDED, UNKNOWN -> YELLOW;
            }) + (w.explanation() == null ? "" : "  " + TerminalText.escape(w.explanation())) + "\n");
        }
    }

    /** The logical id or address, with the CDK construct path beside it when known: what CDK users search for. */
    private static String subject(RuleResult r) {
        if (Subject.INPUT_TYPE.equals(r.subject().type())) {
            return "(input)";
        }
        String path = r.subject().constructPath();
        return path == null ? r.subject().id() : r.subject().id() + " (" + path + ")";
    }

    /** Where a line starts: the file name is input text too (escaped; never the start of a workflow command). */
    private static String location(SourceLocation l) {
        String file = TerminalText.path(l.file());
        return l.line() == 0 ? file : file + ":" + l.line() + ":" + l.column();
    }

    private static String pad(String s, int n) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < n) {
            sb.append(' ');
        }
        return sb.toString();
    }

    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String GREEN = "\u001b[32m";
    private static final String DIM = "\u001b[2m";
    private static final String CYAN = "\u001b[36m";

    private static String colorOf(RuleResult r) {
        return switch (r.verdict()) {
            case FAIL -> switch (r.severity()) {
                case ERROR -> RED;
                case WARNING -> YELLOW;
                case INFO -> CYAN;
            };
            case UNKNOWN -> YELLOW;
            default -> GREEN;
        };
    }

    private String paint(String s, String code) {
        return color ? code + s + "\u001b[0m" : s;
    }
}
