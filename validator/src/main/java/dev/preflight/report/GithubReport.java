package dev.preflight.report;

import dev.preflight.engine.RunOutcome;
import dev.preflight.load.InputFailure;
import dev.preflight.model.SourceLocation;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Verdict;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * GitHub Actions workflow commands: one {@code ::error file=...,line=...,col=...,title=GD002 AppGroup::message}
 * annotation per open finding (FAIL at error/warning/info as error/warning/notice; UNKNOWN as warning), one per
 * input that could not be read; waived findings and findings the baseline already had are not annotated. GitHub
 * shows 10 annotations of each kind per step (50 per job) and silently drops the rest, so they are ordered by what
 * matters (input errors, failed errors, failed warnings, unknowns, info), capped at 10 per kind, and the rest are
 * plain log lines announced by one notice that says how many and where they are. When
 * {@code GITHUB_STEP_SUMMARY} is set, the Markdown report is appended to it as the job summary; a summary that
 * cannot be written is a warning annotation, never a failed run.
 */
public final class GithubReport implements Report {
    private final RepositoryRoot root;
    private final Path stepSummary;

    /** {@code stepSummary}: the job summary file ({@code $GITHUB_STEP_SUMMARY}), or null. */
    public GithubReport(RepositoryRoot root, Path stepSummary) {
        this.root = root;
        this.stepSummary = stepSummary;
    }

    @Override
    public String name() {
        return "github";
    }

    /** GitHub shows this many annotations of each kind (error, warning, notice) per step and drops the rest. */
    static final int PER_KIND = 10;

    /** One annotation: its kind, its rank (lower first), the command line and the plain line it becomes past the cap. */
    private record Annotation(String level, int rank, String command, String plain) {
    }

    @Override
    public void write(RunOutcome o, Writer out) throws IOException {
        List<Annotation> all = new ArrayList<>();
        for (InputFailure f : o.failures()) {
            SourceLocation at = new SourceLocation(f.file(), Math.max(0, f.line()), Math.max(0, f.column()));
            all.add(new Annotation("error", 0, command("error", at, "Preflight: input not checked", f.message()),
                    path(at) + "  input not checked  " + f.message()));
        }
        for (String f : o.faults()) {
            all.add(new Annotation("error", 0, command("error", null, "Preflight", f), f));
        }
        int findings = 0;
        for (RuleResult r : o.results()) {
            if (!r.open()) {
                continue;
            }
            findings++;
            boolean unknown = r.verdict() == Verdict.UNKNOWN;
            String level = unknown ? "warning" : switch (r.severity()) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case INFO -> "notice";
            };
            // errors first, then failed warnings before unknowns (a decided problem before an undecided one)
            int rank = unknown ? 3 : switch (r.severity()) {
                case ERROR -> 1;
                case WARNING -> 2;
                case INFO -> 4;
            };
            String subject = Tally.subjectName(r);
            StringBuilder msg = new StringBuilder(subject.equals(r.subject().id()) ? subject + ": " : "").append(r.message());
            if (unknown) {
                msg.append("\nUnknown because: ").append(r.reason());
            }
            for (RelatedLocation rel : r.related()) {
                msg.append("\nRelated: ").append(rel.resource()).append(" (").append(path(rel.location())).append(')')
                        .append(rel.message() == null ? "" : ": " + rel.message());
            }
            String title = r.ruleId() + (unknown ? " unknown" : "") + " " + subject;
            all.add(new Annotation(level, rank, command(level, r.subject().location(), title, msg.toString()),
                    path(r.subject().location()) + "  " + r.ruleId() + "  " + (unknown ? "unknown" : level) + "  "
                            + subject + "  " + data(r.message())));
        }
        all.sort(Comparator.comparingInt(Annotation::rank)); // stable: file order within a rank
        Map<String, Integer> shown = new HashMap<>();
        List<Annotation> annotated = new ArrayList<>();
        List<Annotation> rest = new ArrayList<>();
        // when some are left over, one notice slot is kept for the notice that says so
        boolean overflow = countOver(all, PER_KIND) > 0;
        for (Annotation a : all) {
            int cap = overflow && a.level().equals("notice") ? PER_KIND - 1 : PER_KIND;
            int n = shown.merge(a.level(), 1, Integer::sum);
            (n <= cap ? annotated : rest).add(a);
        }
        for (Annotation a : annotated) {
            out.write(a.command());
        }
        if (!rest.isEmpty()) {
            Map<String, Integer> byLevel = new TreeMap<>();
            rest.forEach(a -> byLevel.merge(a.level(), 1, Integer::sum));
            StringBuilder where = new StringBuilder();
            if (stepSummary != null) {
                where.append("the job summary, ");
            }
            where.append("the SARIF report (code scanning) and any other report of this run (--format json/html/markdown), "
                    + "and the lines below in this step's log");
            out.write(command("notice", null, "Preflight: " + rest.size() + " more not annotated",
                    "GitHub shows " + PER_KIND + " annotations of each kind per step; these " + all.size()
                            + " were ordered errors first and " + rest.size() + " more ("
                            + String.join(", ", byLevel.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList())
                            + ") are not annotated: they are in " + where));
            for (Annotation a : rest) {
                out.write("Preflight: not annotated: " + a.plain() + "\n");
            }
        }
        for (String w : o.warnings()) {
            out.write(command("warning", null, "Preflight", w));
        }
        Tally t = Tally.of(o);
        int annotations = findings;
        out.write("Preflight: " + annotations + " open " + (annotations == 1 ? "finding" : "findings") + "; "
                + t.count(Verdict.FAIL) + " failed, " + t.count(Verdict.UNKNOWN) + " unknown, " + t.count(Verdict.PASS)
                + " passed, " + t.waived() + " waived" + (o.baseline() != null ? ", " + t.existing() + " existing" : "")
                + (o.coverage().total() == 0 ? "" : "; predicted coverage " + TerminalText.escape(o.coverage().statistic().statement())) + "\n");
        if (stepSummary != null) {
            try {
                // one append of the whole summary, so concurrent steps never interleave inside it
                byte[] summary = (new MarkdownReport(root, MarkdownReport.blobBase(ReportFormats.environment())).render(o) + "\n").getBytes(StandardCharsets.UTF_8);
                Files.write(stepSummary, summary, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException | RuntimeException e) {
                out.write(command("warning", null, "Preflight", "cannot write the job summary to " + stepSummary + ": " + e.getMessage()));
            }
        }
    }

    private static int countOver(List<Annotation> all, int cap) {
        Map<String, Integer> n = new HashMap<>();
        all.forEach(a -> n.merge(a.level(), 1, Integer::sum));
        return n.values().stream().mapToInt(v -> Math.max(0, v - cap)).sum();
    }

    private String command(String level, SourceLocation at, String title, String message) {
        StringBuilder sb = new StringBuilder("::").append(level);
        String sep = " ";
        if (at != null) {
            sb.append(sep).append("file=").append(property(path(at.file())));
            sep = ",";
            if (at.line() > 0) {
                sb.append(",line=").append(at.line());
                if (at.column() > 0) {
                    sb.append(",col=").append(at.column());
                }
            }
        }
        sb.append(sep).append("title=").append(property(title));
        return sb.append("::").append(data(message)).append('\n').toString();
    }

    private String path(SourceLocation l) {
        return l.line() > 0 ? path(l.file()) + ":" + l.line() + ":" + l.column() : path(l.file());
    }

    /** Annotations need paths relative to the repository root. */
    private String path(String file) {
        String rel = root.relative(file);
        return rel != null ? rel : file;
    }

    /** Workflow command data: {@code %}, CR and LF escaped; other control characters dropped. */
    static String data(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '%' -> sb.append("%25");
                case '\r' -> sb.append("%0D");
                case '\n' -> sb.append("%0A");
                default -> {
                    if (c >= 0x20 && c != 0x7f && c != '\u2028' && c != '\u2029' && !(c >= 0x80 && c < 0xa0)) {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Workflow command property values: as data, plus {@code :} and {@code ,}. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
