package dev.preflight.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The root that code-scanning tools resolve result paths against: the nearest directory at or above the working
 * directory holding {@code .git} (a directory, or a file in a worktree), else the working directory. Run paths
 * are relative to the working directory; SARIF wants them relative to this root.
 */
public record RepositoryRoot(Path root, Path workingDirectory) {
    public static RepositoryRoot of(Path workingDirectory) {
        Path cwd = workingDirectory.toAbsolutePath().normalize();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return new RepositoryRoot(p, cwd);
            }
        }
        return new RepositoryRoot(cwd, cwd);
    }

    /** The file's path under the root with '/' separators, or null when it lies outside the root. */
    public String relative(String file) {
        Path p;
        try {
            p = workingDirectory.resolve(file).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
        if (!p.startsWith(root)) {
            return null;
        }
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** A URI for the file: relative to the root (percent-encoded), or an absolute file URI when outside it. */
    public String uri(String file) {
        String rel = relative(file);
        if (rel != null) {
            return encode(rel);
        }
        String abs;
        try {
            abs = workingDirectory.resolve(file).normalize().toString();
        } catch (InvalidPathException e) {
            return encode(file.replace('\\', '/'));
        }
        return "file://" + encode(abs.replace('\\', '/'));
    }

    /** The root as a file URI ending in '/'. */
    public String rootUri() {
        String s = encode(root.toString().replace('\\', '/'));
        return "file://" + (s.startsWith("/") ? "" : "/") + s + (s.endsWith("/") ? "" : "/");
    }

    /** Percent-encodes everything but unreserved characters and '/', byte by byte (UTF-8). */
    static String encode(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
