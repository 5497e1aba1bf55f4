package dev.preflight.cli;

import dev.preflight.config.ConfigException;
import dev.preflight.config.ConfigReader;
import dev.preflight.engine.FormatDetector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code preflight pre-commit FILE...}: the pre-commit hooks' entry. A staged file is checked with what it belongs
 * to, not alone: a change to one stack meets its sibling stacks (an app template whose security group no longer
 * reaches the endpoint defined in the network template fails, where the app template alone would be UNKNOWN).
 * What a file belongs to: all the {@code inputs:} of {@code .preflight.yaml} when one of them contains it (a file
 * outside them is not part of the system), when the file lists inputs; otherwise the folder of each staged template or plan (files that are neither add nothing), and with
 * {@code --terraform} the root module of each staged {@code .tf} file (its folder, or the folder whose module
 * block sources it, upwards).
 */
@Command(name = "pre-commit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check what the staged files belong to (their folders, or the inputs of .preflight.yaml); "
                + "the entry of the pre-commit hooks.")
final class PreCommitCommand implements Callable<Integer>, PlainCommand {
    private static final Pattern MODULE_SOURCE = Pattern.compile("(?m)^\\s*source\\s*=\\s*\"(\\.{1,2}/[^\"]*)\"");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Staged files (pre-commit passes them).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--terraform", description = "The files are Terraform configuration: check their root modules.")
    boolean terraform;

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "As for check (default: error, or failOn of .preflight.yaml).")
    String failOn;

    @Option(names = "--cfn-lint", paramLabel = "MODE", description = "As for check (default: off, so a commit stays fast).")
    String cfnLint = "off";

    @Override
    public Integer call() {
        return call(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Runs the hook with its options already bound (by picocli or {@link PlainCommandLine}). */
    @Override
    public Integer call(PrintWriter out, PrintWriter err) {
        Path cwd = Path.of("").toAbsolutePath();
        List<Path> scope;
        String why;
        try {
            Optional<Path> config = ConfigReader.discover(cwd);
            List<Path> inputs = config.isPresent()
                    ? new ConfigReader(dev.preflight.rules.BuiltInRules.all().stream().map(dev.preflight.rule.Rule::id).collect(java.util.stream.Collectors.toSet())).inputs(config.get(), cwd.relativize(config.get()).toString())
                    : List.of();
            if (!inputs.isEmpty()) {
                // the inputs are one system: all of them, when a staged file belongs to any
                boolean ours = files.stream().anyMatch(f -> inputs.stream().anyMatch(in -> cwd.resolve(f).normalize().startsWith(in)));
                scope = ours ? inputs : List.of();
                why = "the inputs of " + cwd.relativize(config.get()) + " (the system the staged files belong to)";
            } else {
                scope = terraform ? rootModules(cwd) : templateFolders(cwd);
                why = terraform ? "the root modules of the staged .tf files" : "the folders of the staged templates and plans";
            }
        } catch (ConfigException e) {
            err.println("preflight: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (scope.isEmpty()) {
            return ExitCode.OK;
        }
        List<String> shown = scope.stream().map(p -> display(cwd, p)).toList();
        err.println("preflight: checking " + why + ": " + String.join(" ", shown));
        err.flush();
        List<String> args = new ArrayList<>(List.of("check", "--cfn-lint", cfnLint));
        if (failOn != null) {
            args.addAll(List.of("--fail-on", failOn));
        }
        args.addAll(shown);
        return PreflightCommand.execute(args.toArray(String[]::new), out, err);
    }

    private static String display(Path cwd, Path p) {
        String rel = cwd.relativize(p).toString().replace('\\', '/');
        return rel.isEmpty() ? "." : rel;
    }

    /** The folder of each staged file that is a template or a plan, in order, once. */
    private List<Path> templateFolders(Path cwd) {
        Set<Path> out = new LinkedHashSet<>();
        for (Path f : files) {
            Path abs = cwd.resolve(f).normalize();
            if (!Files.isRegularFile(abs)) {
                continue; // deleted by the commit
            }
            try {
                if (Files.size(abs) > 64L * 1024 * 1024
                        || FormatDetector.detect(Files.readString(abs, StandardCharsets.UTF_8)).isEmpty()) {
                    continue;
                }
            } catch (IOException | RuntimeException e) {
                out.add(abs.getParent()); // unreadable: let check say why, with the file's folder
                continue;
            }
            out.add(abs.getParent());
        }
        return dropNested(out);
    }

    /** The root module of each staged .tf file: its folder, or upwards the folder whose module block sources it. */
    private List<Path> rootModules(Path cwd) {
        Set<Path> out = new LinkedHashSet<>();
        for (Path f : files) {
            Path dir = cwd.resolve(f).normalize().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            Path root = dir;
            for (Path caller = callerOf(root, cwd); caller != null; caller = callerOf(root, cwd)) {
                root = caller;
            }
            out.add(root);
        }
        return dropNested(out);
    }

    /** The nearest folder at or below {@code top} above {@code module} with a .tf file sourcing it, or null. */
    private static Path callerOf(Path module, Path top) {
        for (Path up = module.getParent(); up != null && up.startsWith(top); up = up.getParent()) {
            try (Stream<Path> s = Files.list(up)) {
                for (Path tf : s.filter(p -> p.toString().endsWith(".tf") && Files.isRegularFile(p)).toList()) {
                    Matcher m = MODULE_SOURCE.matcher(Files.readString(tf, StandardCharsets.UTF_8));
                    while (m.find()) {
                        if (up.resolve(m.group(1)).normalize().equals(module)) {
                            return up;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    /** A folder inside another of the list is checked with it already (check walks folders). */
    private static List<Path> dropNested(Set<Path> dirs) {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            if (dirs.stream().noneMatch(o -> !o.equals(d) && d.startsWith(o))) {
                out.add(d);
            }
        }
        return out;
    }
}
