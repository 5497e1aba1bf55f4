package dev.preflight.load.terraform.config;

import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.terraform.hcl.HclBody;
import dev.preflight.model.InputDocument;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Terraform configuration without a plan: the root modules among the given folders of {@code .tf} files (those no
 * other folder of the run calls as a local module) evaluated into {@link dev.preflight.model.Dialect#TERRAFORM}
 * resources with the addresses, attribute names and values a plan of the same configuration has; what only exists
 * after apply is a reference to its resource or an unknown that names the expression. Locations are the
 * {@code .tf} file, line and column of each resource block. Folders whose HCL is not Terraform (Packer, Nomad) are
 * skipped with the reason.
 */
public final class TerraformConfigurationLoader {
    private final LoadOptions options;
    private final TerraformVariables variables;

    public TerraformConfigurationLoader(LoadOptions options, TerraformVariables variables) {
        this.options = Objects.requireNonNull(options, "options");
        this.variables = Objects.requireNonNull(variables, "variables");
    }

    /** What was loaded, and the folders that were skipped with why. */
    public record Result(LoadedInputs loaded, Map<String, String> skipped) {
    }

    /**
     * @param readFromPlan folders whose configuration a plan of the run stands for: not loaded, but the modules
     *                     they call are still not root modules
     */
    public Result load(List<Path> folders, Set<Path> readFromPlan, Function<Path, String> display) {
        Map<Path, ModuleSource> cache = new HashMap<>();
        Map<Path, ModuleSource> candidates = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (Path f : folders) {
            Path dir = f.toAbsolutePath().normalize();
            ModuleSource m = cache.computeIfAbsent(dir, d -> ModuleSource.read(d, display));
            if (!m.isTerraform()) {
                skipped.put(m.display, "HCL that is not Terraform configuration (top-level blocks "
                        + topLevelTypes(m) + "; Packer or Nomad?)");
                continue;
            }
            candidates.put(dir, m);
        }
        Set<Path> called = new LinkedHashSet<>();
        for (ModuleSource m : candidates.values()) {
            for (HclBody.Block call : m.blocks("module")) {
                HclBody.Attribute src = call.body().attribute("source");
                String s = src == null ? null : literal(src);
                if (s != null && ModuleCall.isLocal(s)) {
                    called.add(m.dir.resolve(s).toAbsolutePath().normalize());
                }
            }
        }
        List<InputDocument> inputs = new ArrayList<>();
        List<Resource> resources = new ArrayList<>();
        Set<InputFailure> failures = new LinkedHashSet<>();
        for (Map.Entry<Path, ModuleSource> e : candidates.entrySet()) {
            if (called.contains(e.getKey()) || readFromPlan.contains(e.getKey())) {
                continue;
            }
            ModuleSource m = e.getValue();
            try {
                ConfigurationRun run = new ConfigurationRun(e.getKey(), options, variables, display, cache);
                List<Resource> loaded = run.evaluate();
                inputs.add(new InputDocument(run.input(), InputFormat.TERRAFORM_CONFIGURATION));
                resources.addAll(loaded);
                failures.addAll(run.failures());
            } catch (RuntimeException | StackOverflowError x) {
                // a defect of ours must not hide the other inputs: report it as this root's failure
                failures.add(new InputFailure(m.display, 0, 0, "cannot evaluate the Terraform configuration "
                        + "(internal error " + x.getClass().getSimpleName() + "); please report this with the files"));
            }
        }
        for (Map.Entry<Path, ModuleSource> e : candidates.entrySet()) {
            if (!readFromPlan.contains(e.getKey())) {
                failures.addAll(e.getValue().failures);
            }
        }
        return new Result(new LoadedInputs(inputs, resources, new ArrayList<>(failures)), skipped);
    }

    private static String literal(HclBody.Attribute a) {
        if (a.expression() instanceof dev.preflight.load.terraform.hcl.HclExpression.Template t && t.parts().size() == 1
                && t.parts().get(0) instanceof dev.preflight.load.terraform.hcl.TemplatePart.Literal l) {
            return l.text();
        }
        return null;
    }

    private static String topLevelTypes(ModuleSource m) {
        Set<String> types = new LinkedHashSet<>();
        for (HclBody.Block b : m.blocks) {
            types.add(b.type());
        }
        return String.join(", ", types);
    }
}
