package dev.preflight.load.terraform;

import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceText;
import dev.preflight.load.document.JsonTreeReader;
import dev.preflight.model.InputDocument;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.Value;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads Terraform plan JSON ({@code terraform show -json plan.out}) into resources of the
 * {@link dev.preflight.model.Dialect#TERRAFORM} dialect: planned values, "known after apply" values linked to the
 * resources the configuration references, data sources read at plan time, provider {@code default_tags}.
 * See {@link PlanReader} for the exact semantics. A plan that cannot be read becomes an {@link InputFailure};
 * the other plans are still loaded.
 *
 * <p>When the configuration the plan was made from sits in the plan file's folder, each resource is placed at its
 * {@code .tf} block ({@link ConfigurationFiles}); its position in the plan and the module calls that lead to
 * it become {@link LoadedInputs#alsoAt()} locations.
 */
public final class TerraformPlanLoader {
    /** Not used yet: a plan carries its own variable values and region. Kept for the loaders' common shape. */
    private final LoadOptions options;

    public TerraformPlanLoader(LoadOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public LoadedInputs load(List<SourceText> plans) {
        List<InputDocument> inputs = new ArrayList<>();
        List<Resource> resources = new ArrayList<>();
        List<InputFailure> failures = new ArrayList<>();
        Map<ResourceKey, List<LoadedInputs.AlsoAt>> alsoAt = new LinkedHashMap<>();
        for (SourceText plan : plans) {
            try {
                Optional<ConfigurationFiles> config = configurationBeside(plan);
                Value root = JsonTreeReader.read(plan);
                List<Resource> loaded = new PlanReader(plan.displayPath(), root, config.orElse(null)).read();
                inputs.add(new InputDocument(plan.displayPath(), InputFormat.TERRAFORM_PLAN));
                resources.addAll(config.isEmpty() ? loaded : placeAtConfiguration(plan, config.get(), loaded, alsoAt));
            } catch (InputException e) {
                failures.add(e.failure());
            } catch (RuntimeException | StackOverflowError e) {
                // a defect of ours must not hide the other inputs: report it as this input's failure
                failures.add(new InputFailure(plan.displayPath(), 0, 0, "cannot load Terraform plan (internal error "
                        + e.getClass().getSimpleName() + "); please report this with the plan file"));
            }
        }
        return new LoadedInputs(inputs, resources, failures, alsoAt);
    }

    /** The configuration in the plan file's folder, when there is one. */
    private static Optional<ConfigurationFiles> configurationBeside(SourceText plan) {
        if (plan.path() == null) {
            return Optional.empty();
        }
        Path dir = plan.path().toAbsolutePath().getParent();
        Path displayDir = Path.of(plan.displayPath()).getParent();
        return dir == null ? Optional.empty()
                : ConfigurationFiles.read(dir, displayDir == null ? "" : displayDir.toString());
    }

    /** The plan's resources at their {@code .tf} blocks when the configuration is in the plan's folder. */
    private static List<Resource> placeAtConfiguration(SourceText plan, ConfigurationFiles config,
                                                       List<Resource> loaded,
                                                       Map<ResourceKey, List<LoadedInputs.AlsoAt>> alsoAt) {
        String planName = Path.of(plan.displayPath()).getFileName().toString();
        List<Resource> out = new ArrayList<>(loaded.size());
        for (Resource r : loaded) {
            TerraformAddress address = TerraformAddress.parse(r.id());
            Optional<ConfigurationFiles.Site> site = address == null ? Optional.empty()
                    : config.locate(address);
            if (site.isEmpty()) {
                out.add(r);
                continue;
            }
            List<LoadedInputs.AlsoAt> also = new ArrayList<>();
            also.add(new LoadedInputs.AlsoAt(r.location(), "planned in " + planName));
            for (ConfigurationFiles.Call call : site.get().calls()) {
                also.add(new LoadedInputs.AlsoAt(call.location(), "module call module." + call.name()));
            }
            alsoAt.put(r.key(), also);
            out.add(new Resource(r.key(), r.type(), r.dialect(), r.properties(), site.get().block(),
                    r.constructPath(), r.metadata(), r.condition(), r.dataSource()));
        }
        return out;
    }
}
