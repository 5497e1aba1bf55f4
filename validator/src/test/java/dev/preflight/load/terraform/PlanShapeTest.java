package dev.preflight.load.terraform;

import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shape the plan format does not allow is one line naming the path inside the plan; the others load. */
class PlanShapeTest {
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{`planned_values`: {`root_module`: {`resources`: {}}}}"
            + "|1:50: not a valid Terraform plan: planned_values.root_module.resources: expected a list, found an object",
        "{`planned_values`: []}|1:20: not a valid Terraform plan: planned_values: expected an object, found a list",
        "{`planned_values`: {`root_module`: 7}}"
            + "|1:36: not a valid Terraform plan: planned_values.root_module: expected an object, found a number",
        "{`planned_values`: {`root_module`: {`resources`: [{`address`: `aws_vpc.a`}, 3]}}}"
            + "|1:77: not a valid Terraform plan: planned_values.root_module.resources[1]: expected an object, found a number",
        "{`planned_values`: {`root_module`: {`resources`: [{`type`: `aws_vpc`}]}}}"
            + "|1:51: not a valid Terraform plan: planned_values.root_module.resources[0].address: missing (expected a string)",
        "{`planned_values`: {`root_module`: {`resources`: [{`address`: ``}]}}}"
            + "|1:63: not a valid Terraform plan: planned_values.root_module.resources[0].address: expected a resource address, found an empty string",
        "{`planned_values`: {`root_module`: {`resources`: [{`address`: `aws_vpc.a`, `values`: [1]}]}}}"
            + "|1:86: not a valid Terraform plan: planned_values.root_module.resources[0].values: expected an object, found a list",
        "{`planned_values`: {`root_module`: {`child_modules`: [{`resources`: `x`}]}}}"
            + "|1:69: not a valid Terraform plan: planned_values.root_module.child_modules[0].resources: expected a list, found a string",
        "{`resource_changes`: `nope`}|1:22: not a valid Terraform plan: resource_changes: expected a list, found a string",
        "{`resource_changes`: [{`address`: `aws_vpc.a`, `mode`: `resource`, `change`: {`actions`: []}}]}"
            + "|1:56: not a valid Terraform plan: resource_changes[0].mode: expected \"managed\" or \"data\", found \"resource\"",
        "{`resource_changes`: [{`address`: `aws_vpc.a`}]}"
            + "|1:23: not a valid Terraform plan: resource_changes[0].change: missing (expected an object)",
        "{`resource_changes`: [{`address`: `aws_vpc.a`, `change`: {`actions`: `create`}}]}"
            + "|1:70: not a valid Terraform plan: resource_changes[0].change.actions: expected a list, found a string",
        "{`resource_changes`: [{`address`: `aws_vpc.a`, `change`: {`actions`: [1]}}]}"
            + "|1:71: not a valid Terraform plan: resource_changes[0].change.actions[0]: expected a string, found a number",
        "{`resource_changes`: [{`address`: `aws_vpc.a`, `change`: {`actions`: [`create`], `after`: `x`}}]}"
            + "|1:91: not a valid Terraform plan: resource_changes[0].change.after: expected an object, found a string",
        "{`prior_state`: {`values`: {`root_module`: {`resources`: true}}}}"
            + "|1:58: not a valid Terraform plan: prior_state.values.root_module.resources: expected a list, found a boolean",
        "{`planned_values`: {}, `variables`: {`region`: `us-east-1`}}"
            + "|1:48: not a valid Terraform plan: variables.region: expected an object, found a string",
        "{`planned_values`: {}, `configuration`: {`root_module`: {`module_calls`: {`vpc`: {`module`: []}}}}}"
            + "|1:93: not a valid Terraform plan: configuration.root_module.module_calls.vpc.module: expected an object, found a list",
        "{`planned_values`: {}, `configuration`: {`root_module`: {`resources`: [{`address`: `aws_vpc.a`, `expressions`: 1}]}}}"
            + "|1:112: not a valid Terraform plan: configuration.root_module.resources[0].expressions: expected an object, found a number",
    })
    void aShapeThePlanFormatDoesNotAllowIsOneLineNamingItsPath(String json, String expected) {
        SourceText bad = new SourceText("bad.json", Path.of("bad.json"), json.replace('`', '"'));
        LoadedInputs in = new TerraformPlanLoader(LoadOptions.none()).load(List.of(bad));
        assertThat(in.inputs()).isEmpty();
        assertThat(in.resources()).isEmpty();
        assertThat(in.failures()).extracting(f -> f.oneLine()).containsExactly("bad.json:" + expected);
    }

    @ParameterizedTest
    @CsvSource({"references", "modules", "lifecycle", "nested-blocks", "default-tags"})
    void everyRealPlanHasTheShapeOfTheFormat(String name) throws Exception {
        SourceText good = SourceFiles.read(TerraformPlanLoaderTest.CASES.resolve(name + "/plan.json"), "plan.json");
        LoadedInputs in = new TerraformPlanLoader(LoadOptions.none()).load(List.of(good));
        assertThat(in.failures()).isEmpty();
        assertThat(in.resources()).isNotEmpty();
    }
}
