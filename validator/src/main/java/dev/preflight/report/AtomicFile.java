package dev.preflight.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a report file whole or not at all: a temporary file beside the target, then a rename. A target that is not
 * a regular file (a character device such as /dev/null or /dev/stderr, a FIFO, a terminal) is written directly,
 * never replaced by a regular file. Temporary files are named {@code .<target>.<pid>.<random>.tmp}: a shutdown hook
 * deletes those of this process on SIGTERM/SIGINT, and every write first deletes those of processes that no longer
 * run (a run killed with SIGKILL), so none is left behind for long.
 */
public final class AtomicFile {
    public interface Body {
        void writeTo(Writer w) throws IOException;
    }

    private static final java.util.Set<Path> PENDING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static volatile boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown = true;
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: the next run sweeps it
                }
            }
        }, "preflight-temporary-files"));
    }

    private AtomicFile() {
    }

    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.exists(abs) && !Files.isRegularFile(abs) && !Files.isDirectory(abs)) {
            writeInPlace(abs, body);
            return;
        }
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        String prefix = "." + abs.getFileName() + ".";
        sweep(dir, prefix);
        Path tmp = Files.createTempFile(dir, prefix + ProcessHandle.current().pid() + ".", ".tmp");
        PENDING.add(tmp);
        if (shuttingDown) {
            // the shutdown hook may have run between the two lines above: leave nothing behind
            Files.deleteIfExists(tmp);
            PENDING.remove(tmp);
            throw new IOException("Preflight is stopping; the report was not written");
        }
        try {
            // replace, not fail on, a lone surrogate (a JSON input can carry one as an escape) in user text
            CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
            try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), utf8))) {
                body.writeTo(w);
            }
            keepPermissions(tmp, abs);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            PENDING.remove(tmp);
        }
    }

    /** A device, FIFO or terminal: written as it is (the report is rendered first, so a failure writes nothing). */
    private static void writeInPlace(Path target, Body body) throws IOException {
        java.io.StringWriter text = new java.io.StringWriter();
        body.writeTo(text);
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try (java.io.OutputStream out = new java.io.FileOutputStream(target.toFile(), true)) {
            out.write(bytes);
            out.flush();
        }
    }

    /** Deletes temporary files of this target left by processes that no longer run (killed with SIGKILL). */
    private static void sweep(Path dir, String prefix) {
        if (dir == null) {
            return;
        }
        try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(dir, prefix.replace("[", "\\[")
                .replace("*", "\\*").replace("?", "\\?").replace("{", "\\{") + "*.tmp")) {
            for (Path p : s) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dot = rest.indexOf('.');
                try {
                    long pid = Long.parseLong(dot < 0 ? rest : rest.substring(0, dot));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                } catch (NumberFormatException e) {
                    // a name of an older Preflight (no pid): left alone, it may be another tool's
                    continue;
                }
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException | java.util.regex.PatternSyntaxException e) {
            // nothing to sweep, or not ours to
        }
    }

    /** A temporary file is private (0600); the report gets the target's permissions, or rw-r--r-- when new. */
    private static void keepPermissions(Path tmp, Path target) {
        try {
            Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                    : PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, perms);
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system, or not ours to change: the private default is safe
        }
    }
}
