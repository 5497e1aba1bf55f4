package dev.preflight.companion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A shell script standing in for a companion tool, only to provoke what the real one rarely does on demand:
 * crashes, hangs, garbage output, odd exit codes. Scripts can write their pid (and their children's) to files so
 * tests can check that nothing is left running.
 */
final class FakeTool {
    private FakeTool() {
    }

    static Path script(Path dir, String name, String body) throws IOException {
        Files.createDirectories(dir);
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** True while {@code pid} is a running (not zombie) process. */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // state is the field after the parenthesised command name
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return !state.equals("Z") && !state.equals("X");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Waits (bounded) until none of the pids runs; returns the ones still running. */
    static List<Long> stillRunning(List<Long> pids, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<Long> alive = pids.stream().filter(FakeTool::running).toList();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            alive = pids.stream().filter(FakeTool::running).toList();
        }
        return alive;
    }

    /** The pids a script wrote to {@code file}, one a line, waiting (bounded) for the file to appear. */
    static List<Long> pids(Path file, int expected) throws IOException, InterruptedException {
        for (int i = 0; i < 1200; i++) { // a minute: a loaded CI machine starts a JVM and its companions slowly
            if (Files.isRegularFile(file)) {
                List<Long> pids = Files.readAllLines(file).stream().filter(s -> !s.isBlank())
                        .map(s -> Long.parseLong(s.strip())).toList();
                if (pids.size() >= expected) {
                    return pids;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(file + " did not receive " + expected + " pids");
    }
}
