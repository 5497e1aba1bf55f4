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

/**
 * GitHub Actions workflow commands: one {@code ::error file=...,line=...,col=...,title=GD002 AppGroup::message}
 * annotation per open finding (FAIL at error/warning/info as error/warning/notice; UNKNOWN as warning), one per
 * input that could not be read; waived findings and findings the baseline already had are not annotated. When
 * {@code GITHUB_STEP_SUMMARY} is set, the Markdown report is appended to it as the job summary; a summary that
 * cannot be written is a warning annotation, never a failed run.
 */
public final class GithubReport implements Report {
    private final RepositoryRoot root;
    private final Baseline baseline;
    private final Path stepSummary;

    /** {@code stepSummary}: the job summary file ({@code $GITHUB_STEP_SUMMARY}), or null. */
    public GithubReport(RepositoryRoot root, Baseline baseline, Path stepSummary) {
        this.root = root;
        this.baseline = baseline;
        this.stepSummary = stepSummary;
    }

    @Override
    public String name() {
        return "github";
    }

    @Override
    public void write(RunOutcome o, Writer out) throws IOException {
        int annotations = 0;
        for (RuleResult r : o.results()) {
            if (!Tally.open(r, baseline)) {
                continue;
            }
            String level = r.verdict() == Verdict.UNKNOWN ? "warning" : switch (r.severity()) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case INFO -> "notice";
            };
            String subject = Tally.subjectName(r);
            StringBuilder msg = new StringBuilder(subject.equals(r.subject().id()) ? subject + ": " : "").append(r.message());
            if (r.verdict() == Verdict.UNKNOWN) {
                msg.append("\nUnknown because: ").append(r.reason());
            }
            for (RelatedLocation rel : r.related()) {
                msg.append("\nRelated: ").append(rel.resource()).append(" (").append(path(rel.location())).append(')')
                        .append(rel.message() == null ? "" : ": " + rel.message());
            }
            out.write(command(level, r.subject().location(), r.ruleId() + (r.verdict() == Verdict.UNKNOWN ? " unknown" : "")
                    + " " + subject, msg.toString()));
            annotations++;
        }
        for (InputFailure f : o.failures()) {
            out.write(command("error", new SourceLocation(f.file(), Math.max(0, f.line()), Math.max(0, f.column())),
                    "Preflight: input not checked", f.message()));
        }
        for (String f : o.faults()) {
            out.write(command("error", null, "Preflight", f));
        }
        Tally t = Tally.of(o, baseline);
        out.write("Preflight: " + annotations + " open " + (annotations == 1 ? "finding" : "findings") + "; "
                + t.count(Verdict.FAIL) + " failed, " + t.count(Verdict.UNKNOWN) + " unknown, " + t.count(Verdict.PASS)
                + " passed, " + t.waived() + " waived" + (baseline.active() ? ", " + t.existing() + " existing" : "")
                + (o.coverage().percent() == null ? "" : "; predicted coverage " + o.coverage().percent() + "%") + "\n");
        if (stepSummary != null) {
            try {
                // one append of the whole summary, so concurrent steps never interleave inside it
                byte[] summary = (new MarkdownReport(baseline).render(o) + "\n").getBytes(StandardCharsets.UTF_8);
                Files.write(stepSummary, summary, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException | RuntimeException e) {
                out.write(command("warning", null, "Preflight", "cannot write the job summary to " + stepSummary + ": " + e.getMessage()));
            }
        }
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
