package dev.preflight.engine;

import dev.preflight.load.InputFailure;
import dev.preflight.load.SourceFiles;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the paths of a run into inputs. Directories are walked in a stable order; hidden folders,
 * {@code node_modules} and {@code .terraform} are skipped; a directory holding a {@code manifest.json} with
 * artifacts is a CDK cloud assembly and is one input. Files named explicitly are always inputs; files found by
 * walking are candidates when their extension is one templates and plans use.
 *
 * <p>Symbolic links are followed, on the command line and inside walked folders (a link back to a folder being
 * walked is a loop and is walked once); an input read through a link says so. The same file reached under two
 * names is read once. Anything that is neither a regular file nor a directory (a FIFO, a device, a socket) is
 * refused with one line naming it: reading one could block for ever or never end.
 */
public final class InputDiscovery {
    private static final Set<String> SKIPPED_DIRS = Set.of("node_modules", ".terraform", "target", "__pycache__");
    private static final Set<String> CANDIDATE_EXTENSIONS = Set.of("json", "yaml", "yml", "template");
    /** What a walked folder was searched for, in the line that says nothing checkable was found. */
    public static final String LOOKED_FOR = "CloudFormation templates, Terraform plans, CDK cloud assemblies or "
            + "Terraform configuration (.json, .yaml, .yml and .template files, folders of .tf files, cdk.out folders; "
            + "hidden folders, "
            + "node_modules, .terraform and target are not searched)";

    /**
     * Files found by walking plus files named explicitly; paths that do not exist or cannot be inputs; paths
     * skipped with a reason (a second name of a file already found, a link loop); the directories given on the
     * command line, each of which must hold something checkable; the folders that hold Terraform configuration
     * ({@code .tf}, {@code .tf.json}; the Terraform loader decides which are root modules).
     */
    public record Discovery(List<DiscoveredInput> inputs, List<InputFailure> missing, List<InputStatus> skipped,
                            List<String> walkedRoots, List<Path> terraformFolders) {
        public Discovery(List<DiscoveredInput> inputs, List<InputFailure> missing, List<InputStatus> skipped,
                         List<String> walkedRoots) {
            this(inputs, missing, skipped, walkedRoots, List.of());
        }

        public Discovery(List<DiscoveredInput> inputs, List<InputFailure> missing) {
            this(inputs, missing, List.of(), List.of());
        }
    }

    private final Path workingDirectory;

    public InputDiscovery(Path workingDirectory) {
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** Collects one discovery; {@code seen} maps a real path to the display name it was first found under. */
    private final class Walk {
        final List<DiscoveredInput> out = new ArrayList<>();
        final List<InputFailure> missing = new ArrayList<>();
        final List<InputStatus> skipped = new ArrayList<>();
        final List<String> roots = new ArrayList<>();
        final Map<Path, String> seen = new HashMap<>();
        final Set<Path> terraform = new java.util.LinkedHashSet<>();

        /** True when {@code p} is new; a second name of a file already found is listed as skipped. */
        boolean first(Path p, String display) {
            Path real = realPath(p);
            String before = seen.putIfAbsent(real, display);
            if (before == null) {
                return true;
            }
            if (!before.equals(display)) {
                skipped.add(new InputStatus(display, null, 0, "same file as " + before + " (reached through a "
                        + "symbolic link); read once", null));
            }
            return false;
        }

        void add(Path p, boolean assembly, boolean scp, String root) {
            String display = display(p);
            if (first(p, display)) {
                out.add(new DiscoveredInput(p, display, assembly, scp, linkTarget(p), root));
            }
        }
    }

    public Discovery discover(List<Path> paths, List<Path> scpFiles) {
        Walk w = new Walk();
        // SCP files first: a walked directory that also holds them must not read them as templates
        for (Path p : scpFiles) {
            String special = Files.exists(p) ? SourceFiles.notRegularFile(p) : null;
            if (special != null) {
                w.missing.add(new InputFailure(display(p), 0, 0, special + "; --scp takes a JSON policy file"));
            } else if (!Files.isRegularFile(p)) {
                w.missing.add(new InputFailure(display(p), 0, 0, brokenLink(p)
                        ? "symbolic link to " + linkText(p) + ", which does not exist; --scp takes a JSON policy file"
                        : "no such SCP file; --scp takes a JSON policy file"));
            } else {
                w.add(p, false, true, null);
            }
        }
        for (Path p : paths) {
            if (!Files.exists(p)) {
                w.missing.add(new InputFailure(display(p), 0, 0, brokenLink(p)
                        ? "symbolic link to " + linkText(p) + ", which does not exist; fix the link or the path"
                        : "no such file or directory; check the path"));
            } else if (Files.isDirectory(p)) {
                String root = display(p);
                w.roots.add(root);
                walk(p, root, w);
            } else if (Files.isRegularFile(p) && isTerraformFile(p.getFileName().toString())) {
                w.terraform.add(p.toAbsolutePath().normalize().getParent());
            } else if (Files.isRegularFile(p)) {
                w.add(p, false, false, null);
            } else {
                w.missing.add(new InputFailure(display(p), 0, 0, SourceFiles.notRegularFile(p)
                        + "; Preflight reads regular files and directories only"));
            }
        }
        return new Discovery(List.copyOf(w.out), List.copyOf(w.missing), List.copyOf(w.skipped), List.copyOf(w.roots),
                List.copyOf(w.terraform));
    }

    /** Terraform configuration and variables files: read by the Terraform loader per folder, never as templates. */
    static boolean isTerraformFile(String name) {
        return name.endsWith(".tf") || name.endsWith(".tf.json") || name.endsWith(".tfvars")
                || name.endsWith(".tfvars.json");
    }

    private void walk(Path root, String rootDisplay, Walk w) {
        if (isAssembly(root)) {
            w.add(root, true, false, rootDisplay);
            return;
        }
        List<Path> found = new ArrayList<>();
        List<Path> specials = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
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
                    if (!name.startsWith(".") && isTerraformFile(name)) {
                        if (attrs.isRegularFile() && !name.contains(".tfvars")) {
                            w.terraform.add(file.toAbsolutePath().normalize().getParent());
                        }
                        return FileVisitResult.CONTINUE;
                    }
                    if (name.startsWith(".") || !CANDIDATE_EXTENSIONS.contains(extension(name))) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isRegularFile()) {
                        found.add(file);
                    } else if (!attrs.isDirectory() && !attrs.isSymbolicLink()) {
                        specials.add(file);
                    } else if (attrs.isSymbolicLink()) {
                        // FOLLOW_LINKS reports a link's own attributes only when its target is gone
                        w.missing.add(new InputFailure(display(file), 0, 0, "symbolic link to " + linkText(file)
                                + ", which does not exist; fix or remove the link"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    if (exc instanceof FileSystemLoopException) {
                        w.skipped.add(new InputStatus(display(file), null, 0, "symbolic link to " + linkText(file)
                                + ", a folder already being walked (a loop); walked once", null));
                    } else {
                        w.missing.add(new InputFailure(display(file), 0, 0, "cannot read ("
                                + exc.getClass().getSimpleName() + "); check permissions"));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            w.missing.add(new InputFailure(display(root), 0, 0, "cannot walk directory: " + e.getMessage()));
        }
        found.sort(null);
        for (Path f : found) {
            w.add(f, Files.isDirectory(f), false, rootDisplay);
        }
        specials.sort(null);
        for (Path f : specials) {
            w.missing.add(new InputFailure(display(f), 0, 0, SourceFiles.notRegularFile(f)
                    + ", not a regular file; it was not read (remove it or name the real file)"));
        }
    }

    /** A CDK cloud assembly: a directory with a {@code manifest.json} (cdk.out, or an integ snapshot). */
    static boolean isAssembly(Path dir) {
        return Files.isRegularFile(dir.resolve("manifest.json")) && hasTemplates(dir);
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

    private static boolean brokenLink(Path p) {
        return Files.isSymbolicLink(p) && !Files.exists(p);
    }

    private static String linkText(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /**
     * Where {@code p} really is when it, or a folder above it, is a symbolic link (shown in the input list), else
     * null.
     */
    private String linkTarget(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path real = realPath(p);
        Path realWd = realPath(workingDirectory);
        Path expected = abs.startsWith(workingDirectory) ? realWd.resolve(workingDirectory.relativize(abs)) : abs;
        if (real.equals(expected) || real.equals(abs)) {
            return null;
        }
        return display(real);
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
