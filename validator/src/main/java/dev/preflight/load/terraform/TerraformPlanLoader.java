package dev.preflight.load.terraform;

import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.Relocated;
import dev.preflight.load.SourceText;
import dev.preflight.load.document.JsonTreeReader;
import dev.preflight.load.terraform.hcl.HclBody;
import dev.preflight.load.terraform.hcl.HclExpression;
import dev.preflight.load.terraform.hcl.TemplatePart;
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
 * <p>When the configuration the plan was made from sits in the plan file's folder (or in the folder given as
 * {@code --terraform-dir}, for plans without one beside them), each resource is placed at its
 * {@code .tf} block ({@link ConfigurationFiles}); its position in the plan and the module calls that lead to
 * it become {@link LoadedInputs#alsoAt()} locations.
 */
public final class TerraformPlanLoader {
    /** A plan carries its own variable values and region: only {@code --terraform-dir} is read here. */
    private final LoadOptions options;

    public TerraformPlanLoader(LoadOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public LoadedInputs load(List<SourceText> plans) {
        return load(plans, p -> p.toString().replace('\\', '/'));
    }

    /** @param display how a folder is named in reports (for {@code --terraform-dir}) */
    public LoadedInputs load(List<SourceText> plans, java.util.function.Function<Path, String> display) {
        List<InputDocument> inputs = new ArrayList<>();
        List<Resource> resources = new ArrayList<>();
        List<InputFailure> failures = new ArrayList<>();
        Map<ResourceKey, List<LoadedInputs.AlsoAt>> alsoAt = new LinkedHashMap<>();
        for (SourceText plan : plans) {
            try {
                Optional<ConfigurationFiles> config = configurationBeside(plan);
                if (config.isEmpty() && options.terraformDir().isPresent()) {
                    Path dir = options.terraformDir().get();
                    config = ConfigurationFiles.read(dir.toAbsolutePath().normalize(), display.apply(dir));
                }
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
            out.add(new Resource(r.key(), r.type(), r.dialect(), atAttributes(r.properties(), site.get().body()),
                    site.get().block(), r.constructPath(), r.metadata(), r.condition(), r.dataSource()));
        }
        return out;
    }

    /**
     * The values at the {@code .tf} attributes that set them (what rules show as related locations): the top-level
     * attributes and the attributes of a nested block written once ({@code metadata_options}); a block type
     * written several times is placed at its first block, as the plan may order a set differently. Values the
     * configuration does not write (provider defaults, computed) keep their plan position.
     */
    static Value.Struct atAttributes(Value.Struct values, HclBody body) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : values.fields().entrySet()) {
            Value v = e.getValue();
            HclBody.Attribute a = body.attribute(e.getKey());
            List<HclBody.Block> blocks = a == null ? body.blocks(e.getKey()) : List.of();
            if (a != null) {
                v = Relocated.at(atItems(v, a.expression()), a.location());
            } else if (e.getKey().equals("tags_all") && body.attribute("tags") != null) {
                // the resource's own tags are written in tags; provider default_tags keep their plan position
                v = atItems(v, body.attribute("tags").expression());
            } else if (blocks.size() == 1 && v instanceof Value.Seq seq && seq.items().size() == 1
                    && seq.items().get(0) instanceof Value.Struct item) {
                HclBody.Block b = blocks.get(0);
                v = new Value.Seq(List.of(new Value.Struct(atAttributes(item, b.body()).fields(), b.location())),
                        b.location());
            } else if (!blocks.isEmpty()) {
                v = Relocated.at(v, blocks.get(0).location());
            }
            out.put(e.getKey(), v);
        }
        return new Value.Struct(out, values.location());
    }

    /** The fields of a map at the items of the object constructor {@code { Name = "x" }} that write them. */
    private static Value atItems(Value v, HclExpression written) {
        if (!(v instanceof Value.Struct st) || !(written instanceof HclExpression.ObjectCons cons)) {
            return v;
        }
        Map<String, HclExpression.ObjectItem> items = new LinkedHashMap<>();
        for (HclExpression.ObjectItem item : cons.items()) {
            String key = item.key() instanceof HclExpression.Variable var ? var.name()
                    : item.key() instanceof HclExpression.Literal l && l.value() instanceof String k ? k
                    : item.key() instanceof HclExpression.Template t && t.parts().size() == 1
                    && t.parts().get(0) instanceof TemplatePart.Literal l ? l.text() : null;
            if (key != null) {
                items.put(key, item);
            }
        }
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> f : st.fields().entrySet()) {
            HclExpression.ObjectItem item = items.get(f.getKey());
            out.put(f.getKey(), item == null ? f.getValue()
                    : Relocated.at(atItems(f.getValue(), item.value()), item.key().location()));
        }
        return new Value.Struct(out, st.location());
    }
}
