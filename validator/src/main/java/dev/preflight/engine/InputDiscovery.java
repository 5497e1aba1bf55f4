package dev.preflight.engine;

import dev.preflight.load.InputFailure;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the paths of a run into inputs. Directories are walked in a stable order; hidden folders,
 * {@code node_modules} and {@code .terraform} are skipped; a directory holding a {@code manifest.json} with
 * artifacts is a CDK cloud assembly and is one input. Files named explicitly are always inputs; files found by
 * walking are candidates when their extension is one templates and plans use.
 */
public final class InputDiscovery {
    private static final Set<String> SKIPPED_DIRS = Set.of("node_modules", ".terraform", "target", "__pycache__");
    private static final Set<String> CANDIDATE_EXTENSIONS = Set.of("json", "yaml", "yml", "template");

    /** Files found by walking plus files named explicitly, and paths that do not exist. */
    public record Discovery(List<DiscoveredInput> inputs, List<InputFailure> missing) {
    }

    private final Path workingDirectory;

    public InputDiscovery(Path workingDirectory) {
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    public Discovery discover(List<Path> paths, List<Path> scpFiles) {
        List<DiscoveredInput> out = new ArrayList<>();
        List<InputFailure> missing = new ArrayList<>();
        Set<Path> seen = new TreeSet<>();
        // SCP files first: a walked directory that also holds them must not read them as templates
        for (Path p : scpFiles) {
            if (!Files.isRegularFile(p)) {
                missing.add(new InputFailure(display(p), 0, 0, "no such SCP file; --scp takes a JSON policy file"));
            } else if (seen.add(p.toAbsolutePath().normalize())) {
                out.add(new DiscoveredInput(p, display(p), false, true));
            }
        }
        for (Path p : paths) {
            if (!Files.exists(p)) {
                missing.add(new InputFailure(display(p), 0, 0, "no such file or directory; check the path"));
            } else if (Files.isDirectory(p)) {
                walk(p, out, seen, missing);
            } else if (seen.add(p.toAbsolutePath().normalize())) {
                out.add(new DiscoveredInput(p, display(p), false, false));
            }
        }
        return new Discovery(out, missing);
    }

    private void walk(Path root, List<DiscoveredInput> out, Set<Path> seen, List<InputFailure> missing) {
        if (isAssembly(root)) {
            if (seen.add(root.toAbsolutePath().normalize())) {
                out.add(new DiscoveredInput(root, display(root), true, false));
            }
            return;
        }
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root)) {
                        String name = dir.getFileName().toString();
                        if (name.startsWith(".") || SKIPPED_DIRS.contains(name)) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        if (isAssembly(dir)) {
                            found.add(dir);
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (!name.startsWith(".") && attrs.isRegularFile() && CANDIDATE_EXTENSIONS.contains(extension(name))) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    missing.add(new InputFailure(display(file), 0, 0, "cannot read (" + exc.getClass().getSimpleName() + "); check permissions"));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            missing.add(new InputFailure(display(root), 0, 0, "cannot walk directory: " + e.getMessage()));
        }
        found.sort(null);
        for (Path f : found) {
            if (seen.add(f.toAbsolutePath().normalize())) {
                out.add(new DiscoveredInput(f, display(f), Files.isDirectory(f), false));
            }
        }
    }

    /** A CDK cloud assembly: a directory with a {@code manifest.json} (cdk.out, or an integ snapshot). */
    static boolean isAssembly(Path dir) {
        return Files.isRegularFile(dir.resolve("manifest.json"), LinkOption.NOFOLLOW_LINKS)
                && hasTemplates(dir);
    }

    private static boolean hasTemplates(Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".template.json"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Relative to the working directory when under it, with '/' separators, as reports show paths. */
    public String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        String s = abs.startsWith(workingDirectory) ? workingDirectory.relativize(abs).toString() : abs.toString();
        if (s.isEmpty()) {
            s = ".";
        }
        return s.replace('\\', '/');
    }
}
