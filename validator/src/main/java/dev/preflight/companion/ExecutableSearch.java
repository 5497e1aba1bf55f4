package dev.preflight.companion;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a companion executable the way a shell would: an environment variable that names it (a path, or a name
 * looked up on PATH) wins; otherwise the tool's usual name on PATH. The environment is a parameter so tests can
 * run with a PATH that lacks the tool.
 */
record ExecutableSearch(String name, String variable, Map<String, String> environment) {

    /** What the search found: the executable, or why there is none. */
    record Found(Optional<Path> executable, String problem) {
        static Found of(Path p) {
            return new Found(Optional.of(p), null);
        }

        static Found none(String problem) {
            return new Found(Optional.empty(), problem);
        }
    }

    Found find() {
        String named = environment.get(variable);
        if (named != null && !named.isBlank()) {
            Optional<Path> p = resolve(named.trim());
            return p.map(Found::of).orElseGet(() -> Found.none(variable + "=" + named.trim()
                    + " is not an executable file"));
        }
        return onPath(name).map(Found::of).orElseGet(() -> Found.none("no " + name + " on PATH and " + variable
                + " is not set"));
    }

    private Optional<Path> resolve(String s) {
        if (s.contains("/") || s.contains(File.separator)) {
            Path p = Path.of(s).toAbsolutePath();
            return executable(p) ? Optional.of(p) : Optional.empty();
        }
        return onPath(s);
    }

    private Optional<Path> onPath(String program) {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path p = Path.of(dir, program);
                if (executable(p)) {
                    return Optional.of(p.toAbsolutePath());
                }
            } catch (RuntimeException e) {
                // an unparsable PATH entry is skipped, as a shell would
            }
        }
        return Optional.empty();
    }

    private static boolean executable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
