package dev.preflight.fuzz;

import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceText;
import dev.preflight.load.cloudformation.CloudFormationLoader;
import dev.preflight.load.terraform.TerraformPlanLoader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The property fuzzing checks: every input is loaded or rejected with a one-line error, never an internal error. */
final class LoaderProperties {
    private LoaderProperties() {
    }

    static void cloudFormationTemplate(byte[] data) {
        // the first byte picks the syntax, so one corpus exercises both readers
        String name = data.length > 0 && (data[0] & 1) == 1 ? "fuzz.json" : "fuzz.yaml";
        String text = new String(data, StandardCharsets.UTF_8);
        LoadedInputs out = new CloudFormationLoader(LoadOptions.none())
                .load(List.of(new SourceText(name, Path.of(name), text)), List.of(), Path::toString);
        assertClean(out);
    }

    static void terraformPlan(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        LoadedInputs out = new TerraformPlanLoader(LoadOptions.none())
                .load(List.of(new SourceText("plan.json", Path.of("plan.json"), text)));
        assertClean(out);
    }

    private static void assertClean(LoadedInputs out) {
        for (InputFailure f : out.failures()) {
            assertThat(f.message()).doesNotContain("internal error").doesNotContain("Preflight bug").doesNotContain("\n");
        }
    }
}
