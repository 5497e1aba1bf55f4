package dev.preflight.load.terraform;

import dev.preflight.load.InputException;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
import dev.preflight.load.document.JsonTreeReader;
import dev.preflight.load.terraform.hcl.HclBody;
import dev.preflight.load.terraform.hcl.HclExpression;
import dev.preflight.load.terraform.hcl.HclJsonReader;
import dev.preflight.load.terraform.hcl.HclParser;
import dev.preflight.load.terraform.hcl.HclSyntaxException;
import dev.preflight.load.terraform.hcl.TemplatePart;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code .tf} files a plan was made from, as far as reading a plan needs them: where each {@code resource} and
 * {@code data} block is written (by module call path and local name), each {@code module} call, and each module's
 * {@code locals} expressions (which plans leave out), following module calls following module calls into local folders and into the
 * folders {@code terraform init} left under {@code .terraform/modules} ({@code modules.json}). Used to place the
 * resources of a plan at their {@code .tf} lines and to resolve references through locals; a {@code count}/{@code for_each} instance is placed at its block.
 * Override files ({@code override.tf}, {@code *_override.tf}) only place blocks no other file has, as they merge
 * into the block they name. A file that does not parse places nothing (checking the configuration reports it).
 */
final class ConfigurationFiles {
    /** Module calls followed at most, and how deep: a hostile configuration can call itself. */
    private static final int MAX_MODULES = 500;
    private static final int MAX_DEPTH = 32;

    /** A resource block (where it is written, and its body) and the module call blocks that lead to it, outermost first. */
    record Site(SourceLocation block, HclBody body, List<Call> calls) {
    }

    /** A {@code module "name"} block. */
    record Call(String name, SourceLocation location) {
    }

    private record Module(Map<String, HclBody.Block> blocks, Map<String, Call> calls, Map<String, Module> children,
                          Map<String, HclExpression> locals) {
    }

    private final Module root;
    private final List<String> problems;

    private ConfigurationFiles(Module root, List<String> problems) {
        this.root = root;
        this.problems = List.copyOf(problems);
    }

    /**
     * The configuration in {@code dir}, or empty when it holds no {@code .tf}/{@code .tf.json} file.
     *
     * @param display how {@code dir} is named in reports (the plan's folder as the user gave it)
     */
    static Optional<ConfigurationFiles> read(Path dir, String display) {
        if (configurationFiles(dir).isEmpty()) {
            return Optional.empty();
        }
        Reader r = new Reader(dir, display);
        Module root = r.module(dir, "", 0, new HashSet<>());
        return Optional.of(new ConfigurationFiles(root, r.problems));
    }

    /** Files of the configuration that could not be read, one line each. */
    List<String> problems() {
        return problems;
    }

    /** Where the instance's block is written, or empty when the configuration has no such block. */
    Optional<Site> locate(TerraformAddress address) {
        Module m = root;
        List<Call> calls = new ArrayList<>();
        for (String name : address.moduleNames()) {
            Call call = m.calls().get(name);
            m = m.children().get(name);
            if (call == null || m == null) {
                return Optional.empty();
            }
            calls.add(call);
        }
        HclBody.Block block = m.blocks().get(address.localName());
        return block == null ? Optional.empty() : Optional.of(new Site(block.location(), block.body(), calls));
    }

    /** The expression of {@code local.NAME} in the module at the call path, or null. */
    HclExpression local(List<String> moduleNames, String name) {
        Module m = root;
        for (String n : moduleNames) {
            m = m.children().get(n);
            if (m == null) {
                return null;
            }
        }
        return m.locals().get(name);
    }

    static List<Path> configurationFiles(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if ((n.endsWith(".tf") || n.endsWith(".tf.json")) && Files.isRegularFile(f)) {
                    out.add(f);
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    private static boolean override(Path f) {
        String n = f.getFileName().toString();
        String stem = n.endsWith(".tf.json") ? n.substring(0, n.length() - 8) : n.substring(0, n.length() - 3);
        return stem.equals("override") || stem.endsWith("_override");
    }

    private static final class Reader {
        private final Path rootDir;
        private final String rootDisplay;
        private final Map<String, Path> installed;
        private final List<String> problems = new ArrayList<>();
        private int modules;

        Reader(Path rootDir, String rootDisplay) {
            this.rootDir = rootDir;
            this.rootDisplay = rootDisplay;
            this.installed = installedModules(rootDir);
        }

        /** @param key the module's key as {@code modules.json} writes it: "" at the root, then {@code vpc.endpoints} */
        Module module(Path dir, String key, int depth, Set<Path> onPath) {
            Module m = new Module(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
            Path real = dir.toAbsolutePath().normalize();
            if (depth > MAX_DEPTH || ++modules > MAX_MODULES || !onPath.add(real)) {
                return m;
            }
            Map<String, String> sources = new HashMap<>();
            List<Path> files = configurationFiles(dir);
            List<Path> ordered = new ArrayList<>(files.stream().filter(f -> !override(f)).toList());
            ordered.addAll(files.stream().filter(ConfigurationFiles::override).toList());
            for (Path f : ordered) {
                HclBody body = parse(f);
                if (body == null) {
                    continue;
                }
                for (HclBody.Block b : body.blocks()) {
                    if ((b.type().equals("resource") || b.type().equals("data")) && b.labels().size() == 2) {
                        String local = (b.type().equals("data") ? "data." : "") + b.label(0) + "." + b.label(1);
                        m.blocks().putIfAbsent(local, b);
                    } else if (b.type().equals("locals")) {
                        // an override file's local replaces the original one
                        for (HclBody.Attribute a : b.body().attributes().values()) {
                            m.locals().put(a.name(), a.expression());
                        }
                    } else if (b.type().equals("module") && b.labels().size() == 1) {
                        m.calls().putIfAbsent(b.label(0), new Call(b.label(0), b.location()));
                        String source = literal(b.body().attribute("source"));
                        if (source != null) {
                            sources.put(b.label(0), source);
                        }
                    }
                }
            }
            for (Map.Entry<String, Call> e : m.calls().entrySet()) {
                String childKey = key.isEmpty() ? e.getKey() : key + "." + e.getKey();
                Path childDir = installed.get(childKey);
                String source = sources.get(e.getKey());
                if (childDir == null && source != null && (source.startsWith("./") || source.startsWith("../"))) {
                    childDir = dir.resolve(source).normalize();
                }
                if (childDir != null && Files.isDirectory(childDir)) {
                    m.children().put(e.getKey(), module(childDir, childKey, depth + 1, onPath));
                }
            }
            onPath.remove(real);
            return m;
        }

        private HclBody parse(Path f) {
            String display = display(f);
            try {
                SourceText text = SourceFiles.read(f, display);
                return f.getFileName().toString().endsWith(".json") ? HclJsonReader.readConfiguration(text)
                        : HclParser.parse(display, text.text());
            } catch (HclSyntaxException e) {
                problems.add(e.getMessage());
            } catch (InputException e) {
                problems.add(e.failure().oneLine());
            } catch (RuntimeException e) {
                problems.add(display + ": cannot be read (" + e.getMessage() + ")");
            }
            return null;
        }

        /** A file's name in reports: under the plan's folder as the user named it. */
        private String display(Path f) {
            Path rel = rootDir.toAbsolutePath().normalize().relativize(f.toAbsolutePath().normalize());
            String tail = rel.toString().replace('\\', '/');
            if (rootDisplay.isEmpty() || rootDisplay.equals(".")) {
                return tail;
            }
            return Path.of(rootDisplay).resolve(rel).normalize().toString().replace('\\', '/');
        }

        /** {@code .terraform/modules/modules.json}: module key to folder, as {@code terraform init} wrote it. */
        private Map<String, Path> installedModules(Path dir) {
            Map<String, Path> out = new HashMap<>();
            Path manifest = dir.resolve(".terraform/modules/modules.json");
            if (!Files.isRegularFile(manifest)) {
                return out;
            }
            try {
                Value root = JsonTreeReader.read(SourceFiles.read(manifest, display(manifest)));
                Value list = root.get("Modules");
                for (Value m : list == null ? List.<Value>of() : list.items()) {
                    String key = m.get("Key") == null ? null : m.get("Key").text().orElse(null);
                    String folder = m.get("Dir") == null ? null : m.get("Dir").text().orElse(null);
                    if (key != null && folder != null && !key.isEmpty()) {
                        out.put(key, dir.resolve(folder).normalize());
                    }
                }
            } catch (InputException e) {
                problems.add(e.failure().oneLine());
            } catch (RuntimeException e) {
                problems.add(display(manifest) + ": cannot be read (" + e.getMessage() + ")");
            }
            return out;
        }

        /** A string written as a literal ({@code source = "./net"}), or null. */
        private static String literal(HclBody.Attribute a) {
            if (a == null) {
                return null;
            }
            HclExpression e = a.expression();
            if (e instanceof HclExpression.Literal l && l.value() instanceof String s) {
                return s;
            }
            if (e instanceof HclExpression.Template t && t.parts().size() == 1
                    && t.parts().get(0) instanceof TemplatePart.Literal l) {
                return l.text();
            }
            if (e instanceof HclExpression.Template t && t.parts().isEmpty()) {
                return "";
            }
            return null;
        }
    }
}
