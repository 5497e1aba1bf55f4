package dev.preflight.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * "preflight: 120 files read..." (then "..., checked; waiting for cfn-lint...") on stderr, only on a terminal, only for runs longer than about two seconds, never in CI
 * logs or piped output.
 */
final class ProgressLine implements AutoCloseable {
    private final PrintWriter err;
    private final AtomicInteger read = new AtomicInteger();
    private final Thread ticker;
    private volatile boolean shown;
    private volatile String waitingFor;

    private ProgressLine(PrintWriter err, boolean active) {
        this.err = err;
        if (!active) {
            ticker = null;
            return;
        }
        ticker = new Thread(() -> {
            try {
                Thread.sleep(2000);
                while (!Thread.currentThread().isInterrupted()) {
                    shown = true;
                    String tool = waitingFor;
                    err.print("\rpreflight: " + read.get() + " files read" + (tool == null ? "..."
                            : ", checked; waiting for " + tool + "..."));
                    err.flush();
                    Thread.sleep(250);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "preflight-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    static ProgressLine start(boolean quiet, PrintWriter err) {
        boolean terminal = System.console() != null && System.getenv("CI") == null && !quiet;
        return new ProgressLine(err, terminal);
    }

    void filesRead(int n) {
        read.set(n);
    }

    /** The built-in rules are done and the run waits for a companion tool (cfn-lint over many templates takes long). */
    void waitingFor(String tool) {
        waitingFor = tool;
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.interrupt();
            try {
                ticker.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (shown) {
                err.print("\r\u001b[K");
                err.flush();
            }
        }
    }
}
