package dev.preflight.companion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A companion tool run as a child process. Standard output is collected (bounded); standard error is drained on
 * its own thread so a chatty tool never blocks on a full pipe, and only its tail is kept for fault messages: it is
 * never copied to our standard output. On timeout the whole process tree is killed (Python tools and shell
 * wrappers start children of their own). A watchdog ({@link #WATCHDOG}) ends the companion when Preflight ends,
 * even when Preflight is killed with SIGKILL and no shutdown hook runs.
 */
final class ChildProcess implements AutoCloseable {
    /** 64 MiB of findings is far beyond any real run; more means something is wrong with the tool. */
    static final int MAX_STDOUT = 64 * 1024 * 1024;
    private static final int STDERR_TAIL = 4096;

    /** How the process ended: exit code, what it printed, and the last part of its standard error. */
    record Completion(int exitCode, String stdout, boolean stdoutTruncated, String stderrTail) {
        /** The last non-blank line of standard error, or "" (for one-line fault messages). */
        String lastErrorLine() {
            String[] lines = stderrTail.strip().split("\\R");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (!lines[i].isBlank()) {
                    return lines[i].strip();
                }
            }
            return "";
        }
    }

    /** The process did not end within its time limit and was killed. */
    static final class TimedOut extends Exception {
        TimedOut(Duration limit) {
            super("did not finish within " + limit.toSeconds() + " s");
        }
    }

    private final Process process;
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final TailBuffer stderr = new TailBuffer(STDERR_TAIL);
    private volatile boolean stdoutTruncated;

    /**
     * Children still running; a shutdown hook (Ctrl-C, SIGTERM, System.exit) kills them so none is left orphaned.
     * Starting a child and registering it happen under {@link #LIVE}'s lock, which the hook takes too: a signal that
     * arrives while a child starts waits for its registration, and no child starts once the hook has run.
     */
    private static final java.util.Set<ChildProcess> LIVE = new java.util.HashSet<>();
    private static boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<ChildProcess> all;
            synchronized (LIVE) {
                shuttingDown = true;
                all = new ArrayList<>(LIVE);
            }
            for (ChildProcess c : all) {
                c.destroyTree();
            }
            // A companion started a moment before the signal may not be registered yet; every process below
            // Preflight is a companion, so none may outlive it.
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        }, "preflight-companion-cleanup"));
    }

    private ChildProcess(Process process, String name) {
        this.process = process;
        this.stdoutReader = drain(name + "-stdout", process.getInputStream(), this::appendStdout);
        this.stderrReader = drain(name + "-stderr", process.getErrorStream(), stderr::append);
    }

    /**
     * The watchdog every companion runs under (POSIX sh): the companion runs in a session of its own, with standard
     * input from /dev/null; the watchdog reads its own standard input, a pipe from Preflight, which nothing ever
     * writes. When Preflight ends in any way (SIGKILL included: the kernel closes the pipe), the read returns and
     * the watchdog kills the companion's process group, and each descendant it can still find (pgrep -P) in case
     * one left the group. SIGTERM/SIGINT to the watchdog are passed on to the companion. The exit code is the
     * companion's.
     */
    static final String WATCHDOG = String.join("\n",
            "exec 3<&0 </dev/null",
            "if command -v setsid >/dev/null 2>&1; then setsid \"$@\" & else \"$@\" & fi",
            "child=$!",
            "killtree() { kill -STOP \"$1\" 2>/dev/null; for c in $(pgrep -P \"$1\" 2>/dev/null); do killtree \"$c\"; done; kill -KILL \"$1\" 2>/dev/null; }",
            "{ while read -r _; do :; done; killtree \"$child\"; kill -KILL -\"$child\" 2>/dev/null; } <&3 3<&- &",
            "watcher=$!",
            "exec 3<&-",
            "trap 'kill -TERM -\"$child\" 2>/dev/null || kill -TERM \"$child\" 2>/dev/null' TERM INT",
            "code=0",
            "while :; do wait \"$child\"; code=$?; kill -0 \"$child\" 2>/dev/null || break; done",
            "kill \"$watcher\" 2>/dev/null",
            "exit \"$code\"");
    private static final Path SH = Path.of("/bin/sh");

    /** {@code command} under the {@link #WATCHDOG}, where there is a POSIX shell. */
    static List<String> watched(List<String> command) {
        if (!java.nio.file.Files.isExecutable(SH)) {
            return command; // no POSIX shell (Windows): the shutdown hook is all there is
        }
        List<String> out = new ArrayList<>(List.of(SH.toString(), "-c", WATCHDOG, "preflight-watchdog"));
        out.addAll(command);
        return out;
    }

    private OutputStream lifeline;

    /**
     * Starts {@code command} under the watchdog: its standard input is /dev/null (companions never read it); the
     * watchdog's is the lifeline pipe, held open until {@link #close()} or the end of Preflight.
     */
    static ChildProcess start(List<String> command, Path workingDirectory, Map<String, String> extraEnvironment)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(watched(command));
        if (workingDirectory != null) {
            pb.directory(workingDirectory.toFile());
        }
        pb.environment().putAll(extraEnvironment);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        ChildProcess child;
        synchronized (LIVE) {
            if (shuttingDown) {
                throw new IOException("Preflight is shutting down");
            }
            Process p = pb.start();
            child = new ChildProcess(p, command.isEmpty() ? "child" : Path.of(command.get(0)).getFileName().toString());
            LIVE.add(child);
        }
        child.lifeline = child.process.getOutputStream();
        return child;
    }

    /** What the process wrote to standard error so far (its tail), after waiting briefly for the pipe to drain. */
    String stderrNow() {
        try {
            stderrReader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stderr.text();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the end of the process and of its output; on timeout kills the tree and throws. */
    Completion await(Duration limit) throws TimedOut, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        if (!process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
            destroyTree();
            throw new TimedOut(limit);
        }
        // a grandchild may still hold the pipes open; do not wait for it past the limit
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        stdoutReader.join(left);
        stderrReader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (stdoutReader.isAlive()) {
            destroyTree();
            throw new TimedOut(limit);
        }
        String out;
        synchronized (stdout) {
            out = stdout.toString(StandardCharsets.UTF_8);
        }
        return new Completion(process.exitValue(), out, stdoutTruncated, stderr.text());
    }

    /** Kills the process and every descendant, children first so none is re-parented and left running. */
    void destroyTree() {
        List<ProcessHandle> descendants = process.descendants().toList();
        for (ProcessHandle d : descendants) {
            d.destroyForcibly();
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the process to stop (SIGTERM), then kills the tree if it is still there after {@code grace}. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyTree();
        }
        for (ProcessHandle d : descendants) {
            d.destroyForcibly();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            destroyTree();
        }
        try {
            lifeline.close(); // the watchdog, if still there, kills what is left of the companion
        } catch (IOException e) {
            // already closed: nothing holds the companion any more
        }
        synchronized (LIVE) {
            LIVE.remove(this);
        }
    }

    private void appendStdout(byte[] buf, int n) {
        synchronized (stdout) {
            int room = MAX_STDOUT - stdout.size();
            if (room <= 0) {
                stdoutTruncated = true;
                return;
            }
            stdout.write(buf, 0, Math.min(room, n));
            if (n > room) {
                stdoutTruncated = true;
            }
        }
    }

    private interface Sink {
        void accept(byte[] buf, int n);
    }

    private static Thread drain(String name, InputStream in, Sink sink) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    sink.accept(buf, n);
                }
            } catch (IOException e) {
                // the process was killed or closed its end: what was read is all there is
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The last {@code capacity} bytes written. */
    private static final class TailBuffer {
        private final byte[] data;
        private int size;

        TailBuffer(int capacity) {
            this.data = new byte[capacity];
        }

        synchronized void append(byte[] buf, int n) {
            if (n >= data.length) {
                System.arraycopy(buf, n - data.length, data, 0, data.length);
                size = data.length;
                return;
            }
            int keep = Math.min(size, data.length - n);
            System.arraycopy(data, size - keep, data, 0, keep);
            System.arraycopy(buf, 0, data, keep, n);
            size = keep + n;
        }

        synchronized String text() {
            return new String(data, 0, size, StandardCharsets.UTF_8);
        }
    }
}
