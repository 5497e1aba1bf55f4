package dev.preflight.cli;

import dev.preflight.engine.RunProgress;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The progress of a run on stderr: {@code preflight: reading 57/120  infra/app.yaml}, then the rules, cfn-lint,
 * OPA, coverage and reports phases, with the seconds a phase has taken once it takes long (cfn-lint on a large
 * run). Shown when stderr is a terminal (whatever stdout is: a report piped to a file still shows progress), not
 * under {@code CI} and not with {@code --quiet}, after {@link #DELAY_MS}; {@code --progress} asks for it anywhere
 * (then, off a terminal, as one line per phase, which CI logs keep readable), {@code --no-progress} never.
 */
final class ProgressLine implements RunProgress, AutoCloseable {
    static final long DELAY_MS = 1000;

    private final PrintWriter err;
    private final boolean terminal;
    private final long delayMs;
    private final int width;
    private final Thread ticker;
    private final long started = System.nanoTime();
    private volatile Phase phase;
    private volatile int done;
    private volatile int total;
    private volatile String current;
    private volatile long phaseStarted = System.nanoTime();
    private Phase printedPhase;
    private String shownLine;
    private boolean shown;
    private volatile boolean closed;

    private ProgressLine(PrintWriter err, boolean active, boolean terminal, long delayMs, int width) {
        this.err = err;
        this.terminal = terminal;
        this.delayMs = delayMs;
        this.width = width;
        if (!active) {
            ticker = null;
            return;
        }
        ticker = new Thread(() -> {
            try {
                Thread.sleep(delayMs);
                while (!Thread.currentThread().isInterrupted()) {
                    render();
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "preflight-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** {@code forced}: null (automatic), true ({@code --progress}) or false ({@code --no-progress}). */
    static ProgressLine start(Boolean forced, boolean quiet, PrintWriter err) {
        boolean terminal = stderrIsTerminal();
        boolean active = forced != null ? forced : terminal && System.getenv("CI") == null && !quiet;
        long delay = DELAY_MS;
        String d = System.getenv("PREFLIGHT_PROGRESS_DELAY_MS");
        if (d != null && d.matches("\\d{1,6}")) {
            delay = Long.parseLong(d);
        }
        int width = 80;
        String cols = System.getenv("COLUMNS");
        if (cols != null && cols.matches("\\d{2,4}")) {
            width = Integer.parseInt(cols);
        }
        return new ProgressLine(err, active, terminal, delay, width);
    }

    /**
     * Java 17 cannot ask whether stderr alone is a terminal ({@code System.console()} needs stdin and stdout to be
     * one). bin/preflight tests it ({@code [ -t 2 ]}) and says so in {@code preflight.stderr.tty}; run as a plain jar
     * on Linux, /proc/self/fd/2 names the terminal.
     */
    static boolean stderrIsTerminal() {
        String told = System.getProperty("preflight.stderr.tty");
        if (told != null) {
            return told.equals("true");
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    @Override
    public void update(Phase phase, int done, int total, String current) {
        boolean next = phase != this.phase;
        if (next) {
            phaseStarted = System.nanoTime();
        }
        this.current = current;
        this.total = total;
        this.done = done;
        this.phase = phase;
        // a new phase is shown at once (a short one would else fall between two ticks)
        if (next && ticker != null && elapsedMs() >= delayMs) {
            render();
        }
    }

    private synchronized void render() {
        Phase p = phase;
        if (p == null || closed) {
            return;
        }
        long phaseSeconds = (System.nanoTime() - phaseStarted) / 1_000_000_000L;
        if (!terminal) {
            // a log: one line when a phase starts, nothing in between
            if (p != printedPhase) {
                printedPhase = p;
                err.println("preflight: " + p.label() + (total > 0 ? " (" + total + ")" : ""));
                err.flush();
            }
            return;
        }
        StringBuilder sb = new StringBuilder("preflight: ").append(p.label());
        if (p == Phase.LOADING) {
            sb.append(' ').append(total).append(total == 1 ? " input" : " inputs");
        } else if (total > 0) {
            sb.append(' ').append(done).append('/').append(total);
        }
        if (phaseSeconds >= 3) {
            sb.append(" (").append(phaseSeconds).append(" s)");
        }
        String item = current;
        if (item != null) {
            int room = width - 1 - sb.length() - 2;
            if (room > 8) {
                sb.append("  ").append(item.length() > room ? "…" + item.substring(item.length() - room + 1) : item);
            }
        }
        String line = sb.length() > width - 1 ? sb.substring(0, width - 1) : sb.toString();
        if (!line.equals(shownLine)) {
            shownLine = line;
            shown = true;
            err.print("\r" + line + "\u001b[K");
            err.flush();
        }
    }

    /** Takes the line away (before a report goes to a terminal on stdout); it comes back at the next tick. */
    synchronized void clear() {
        if (shown && terminal) {
            err.print("\r\u001b[K");
            err.flush();
            shown = false;
            shownLine = null;
        }
    }

    long elapsedMs() {
        return (System.nanoTime() - started) / 1_000_000L;
    }

    @Override
    public void close() {
        closed = true;
        if (ticker != null) {
            ticker.interrupt();
            try {
                ticker.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clear();
        }
    }
}
