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
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads Terraform plan JSON ({@code terraform show -json plan.out}) into resources of the
 * {@link dev.preflight.model.Dialect#TERRAFORM} dialect: planned values, "known after apply" values linked to the
 * resources the configuration references, data sources read at plan time, provider {@code default_tags}.
 * See {@link PlanReader} for the exact semantics. A plan that cannot be read becomes an {@link InputFailure};
 * the other plans are still loaded.
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
        for (SourceText plan : plans) {
            try {
                List<Resource> loaded = loadOne(plan);
                inputs.add(new InputDocument(plan.displayPath(), InputFormat.TERRAFORM_PLAN));
                resources.addAll(loaded);
            } catch (InputException e) {
                failures.add(e.failure());
            } catch (RuntimeException | StackOverflowError e) {
                // a defect of ours must not hide the other inputs: report it as this input's failure
                failures.add(new InputFailure(plan.displayPath(), 0, 0, "cannot load Terraform plan (internal error "
                        + e.getClass().getSimpleName() + "); please report this with the plan file"));
            }
        }
        return new LoadedInputs(inputs, resources, failures);
    }

    private List<Resource> loadOne(SourceText plan) throws InputException {
        Value root = JsonTreeReader.read(plan);
        return new PlanReader(plan.displayPath(), root).read();
    }
}
