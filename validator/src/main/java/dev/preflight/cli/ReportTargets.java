package dev.preflight.cli;

import dev.preflight.report.AtomicFile;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * {@code --format FMT[=FILE]} and {@code --output FILE}, for every command that writes reports: which report goes
 * where (at most one to standard output), and the writing itself (files whole or not at all).
 *
 * @param <R> the command's report type
 */
final class ReportTargets<R> {
    /** One report and its file, or standard output when {@code file} is null. */
    record Target<R>(String name, R report, Path file) {
    }

    interface Render<R> {
        void write(R report, Writer w) throws IOException;
    }

    private final List<Target<R>> targets;

    private ReportTargets(List<Target<R>> targets) {
        this.targets = targets;
    }

    /**
     * @param factory the report of a format name, given whether it goes to standard output; empty for an unknown name
     * @param names   the format names, for the error message
     */
    static <R> ReportTargets<R> parse(List<String> formats, Path output, BiFunction<String, Boolean, Optional<R>> factory,
                                      List<String> names) {
        List<String> specs = formats.isEmpty() ? List.of("text") : formats;
        List<Target<R>> out = new ArrayList<>();
        boolean outputUsed = false;
        int toStdout = 0;
        for (String s : specs) {
            String name = s;
            Path file = null;
            int eq = s.indexOf('=');
            if (eq >= 0) {
                name = s.substring(0, eq);
                file = standardOutput(s.substring(eq + 1)) ? null : Path.of(s.substring(eq + 1));
            } else if (output != null && !outputUsed) {
                file = standardOutput(output.toString()) ? null : output;
                outputUsed = true;
            }
            String n = name.trim();
            R r = factory.apply(n, file == null).orElseThrow(() -> new IllegalArgumentException("unknown format '" + n
                    + "' (formats: " + String.join(", ", names) + ")"));
            if (file == null && ++toStdout > 1) {
                throw new IllegalArgumentException("only one format can go to standard output; give the others a file: --format json=report.json");
            }
            out.add(new Target<>(n, r, file));
        }
        return new ReportTargets<>(out);
    }

    /**
     * {@code -}, {@code /dev/stdout}, {@code /dev/fd/1} and {@code /proc/self/fd/1} mean standard output, as Unix
     * tools read them: written through our standard output (never replaced by a file, and counted as the one
     * report that goes there).
     */
    static boolean standardOutput(String file) {
        return file.equals("-") || file.equals("/dev/stdout") || file.equals("/dev/fd/1") || file.equals("/proc/self/fd/1");
    }

    /** What writing did: whether the text report went to standard output, or the write error (exit 2). */
    record Written(boolean textOnStdout, String error) {
    }

    /** Writes every report; with {@code quietNow}, reports for standard output are left out. */
    Written write(Render<R> render, boolean quietNow, PrintWriter out) {
        return write(render, quietNow, out, null);
    }

    /** As {@link #write(Render, boolean, PrintWriter)}, telling {@code progress} of each report; it is closed before stdout. */
    Written write(Render<R> render, boolean quietNow, PrintWriter out, ProgressLine progress) {
        boolean text = false;
        int n = 0;
        for (Target<R> t : targets) {
            if (progress != null) {
                progress.update(dev.preflight.engine.RunProgress.Phase.REPORTS, n++, targets.size(),
                        t.name() + (t.file() == null ? "" : " " + t.file()));
            }
            if (quietNow && t.file() == null) {
                continue;
            }
            try {
                if (t.file() == null) {
                    StringWriter buf = new StringWriter();
                    render.write(t.report(), buf);
                    if (progress != null) {
                        progress.close(); // the progress line never lands inside a report on the terminal
                    }
                    out.print(buf);
                    out.flush();
                    if (out.checkError()) {
                        // PrintWriter keeps write errors to itself: a full disk (>/dev/full) or a closed pipe
                        return new Written(text, "cannot write the " + t.name() + " report to standard output (a write "
                                + "error: a full disk or a closed pipe); the report is lost: write it to a file with "
                                + "--format " + t.name() + "=FILE");
                    }
                    text |= t.name().equals("text");
                } else {
                    AtomicFile.write(t.file(), w -> render.write(t.report(), w));
                }
            } catch (IOException e) {
                return new Written(text, "cannot write " + t.name() + " report to "
                        + (t.file() == null ? "standard output" : t.file()) + ": " + e.getMessage());
            }
        }
        return new Written(text, null);
    }
}
