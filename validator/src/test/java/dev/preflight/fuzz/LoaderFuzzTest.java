package dev.preflight.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceText;
import dev.preflight.load.cloudformation.CloudFormationLoader;
import dev.preflight.load.terraform.TerraformPlanLoader;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for the YAML and JSON loaders. The normal build replays the inputs kept under
 * {@code src/test/resources/dev/preflight/fuzz/LoaderFuzzTestInputs/<method>/} (regression mode); the {@code fuzz}
 * Maven profile fuzzes for real ({@code ./mvnw -P fuzz -pl validator -am test}). Property: every input is either
 * loaded or rejected with a one-line error, never an internal error.
 */
class LoaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void cloudFormationTemplate(FuzzedDataProvider data) {
        String name = data.consumeBoolean() ? "fuzz.json" : "fuzz.yaml";
        String text = data.consumeRemainingAsString();
        LoadedInputs out = new CloudFormationLoader(LoadOptions.none())
                .load(List.of(new SourceText(name, Path.of(name), text)), List.of(), Path::toString);
        assertClean(out);
    }

    @FuzzTest(maxDuration = "60s")
    void terraformPlan(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
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
