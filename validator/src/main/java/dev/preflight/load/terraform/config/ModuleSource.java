package dev.preflight.load.terraform.config;

import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
import dev.preflight.load.terraform.hcl.HclBody;
import dev.preflight.load.terraform.hcl.HclJsonReader;
import dev.preflight.load.terraform.hcl.HclParser;
import dev.preflight.load.terraform.hcl.HclSyntaxException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The configuration files of one module folder ({@code *.tf}, {@code *.tf.json}), parsed, with override files
 * ({@code override.tf}, {@code *_override.tf} and their JSON forms) merged into the blocks they name as Terraform
 * does: an override's attributes replace the original's, and its nested blocks of a type replace all the original's
 * blocks of that type; {@code locals} merge by name.
 */
final class ModuleSource {
    /** Top-level block types of Terraform; a folder with none of these is not a Terraform configuration. */
    static final Set<String> TERRAFORM_BLOCKS = Set.of("resource", "data", "module", "variable", "output", "locals",
            "provider", "terraform", "moved", "import", "removed", "check", "ephemeral");

    final Path dir;
    final String display;
    final List<HclBody.Block> blocks = new ArrayList<>();
    final Map<String, HclBody.Attribute> locals = new LinkedHashMap<>();
    final List<InputFailure> failures = new ArrayList<>();
    final List<String> files = new ArrayList<>();

    private ModuleSource(Path dir, String display) {
        this.dir = dir;
        this.display = display;
    }

    static boolean isConfigurationFile(String name) {
        return !name.startsWith(".") && (name.endsWith(".tf") || name.endsWith(".tf.json"));
    }

    private static boolean isOverride(String name) {
        String base = name.endsWith(".tf.json") ? name.substring(0, name.length() - 8)
                : name.substring(0, name.length() - 3);
        return base.equals("override") || base.endsWith("_override");
    }

    static ModuleSource read(Path dir, Function<Path, String> display) {
        ModuleSource m = new ModuleSource(dir, display.apply(dir));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> isConfigurationFile(p.getFileName().toString()) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            m.failures.add(new InputFailure(m.display, 0, 0, "cannot list the module folder ("
                    + e.getClass().getSimpleName() + ")"));
            return m;
        }
        List<HclBody.Block> overrides = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String shown = display.apply(f);
            HclBody body;
            try {
                SourceText text = SourceFiles.read(f, shown);
                body = name.endsWith(".json") ? HclJsonReader.readConfiguration(text)
                        : HclParser.parse(shown, text.text());
            } catch (HclSyntaxException e) {
                m.failures.add(new InputFailure(shown, e.location().line(), e.location().column(), e.problem()));
                continue;
            } catch (InputException e) {
                m.failures.add(e.failure());
                continue;
            }
            m.files.add(shown);
            if (isOverride(name)) {
                overrides.addAll(body.blocks());
            } else {
                m.blocks.addAll(body.blocks());
            }
        }
        for (HclBody.Block o : overrides) {
            m.override(o);
        }
        for (HclBody.Block b : m.blocks) {
            if (b.type().equals("locals")) {
                m.locals.putAll(b.body().attributes());
            }
        }
        return m;
    }

    private void override(HclBody.Block o) {
        if (o.type().equals("locals")) {
            blocks.add(o);
            return;
        }
        for (int i = 0; i < blocks.size(); i++) {
            HclBody.Block b = blocks.get(i);
            if (b.type().equals(o.type()) && b.labels().equals(o.labels()) && sameAlias(b, o)) {
                Map<String, HclBody.Attribute> attributes = new LinkedHashMap<>(b.body().attributes());
                attributes.putAll(o.body().attributes());
                List<HclBody.Block> nested = new ArrayList<>();
                Set<String> replaced = new java.util.HashSet<>();
                for (HclBody.Block n : o.body().blocks()) {
                    replaced.add(n.type().equals("dynamic") ? n.label(0) : n.type());
                }
                for (HclBody.Block n : b.body().blocks()) {
                    if (!replaced.contains(n.type().equals("dynamic") ? n.label(0) : n.type())) {
                        nested.add(n);
                    }
                }
                nested.addAll(o.body().blocks());
                blocks.set(i, new HclBody.Block(b.type(), b.labels(), new HclBody(attributes, nested,
                        b.body().location()), b.location(), b.endLine()));
                return;
            }
        }
        // Terraform rejects an override of nothing; the block is kept so that its content is still checked
        blocks.add(o);
    }

    private static boolean sameAlias(HclBody.Block a, HclBody.Block b) {
        if (!a.type().equals("provider")) {
            return true;
        }
        HclBody.Attribute x = a.body().attribute("alias");
        HclBody.Attribute y = b.body().attribute("alias");
        return (x == null && y == null) || (x != null && y != null && x.expression().text().equals(y.expression().text()));
    }

    List<HclBody.Block> blocks(String type) {
        List<HclBody.Block> out = new ArrayList<>();
        for (HclBody.Block b : blocks) {
            if (b.type().equals(type)) {
                out.add(b);
            }
        }
        return out;
    }

    boolean isTerraform() {
        for (HclBody.Block b : blocks) {
            if (TERRAFORM_BLOCKS.contains(b.type())) {
                return true;
            }
        }
        return blocks.isEmpty();
    }
}
