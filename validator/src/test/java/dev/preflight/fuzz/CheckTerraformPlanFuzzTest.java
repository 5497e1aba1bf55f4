package dev.preflight.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The whole check over one Terraform plan: loaders, every rule, coverage and every report format.
 * A Jazzer target of its own class: Jazzer fuzzes one target per JVM, and the {@code fuzz} profile forks one JVM
 * per class, so {@code ./mvnw -P fuzz -pl validator -am test} fuzzes every target in turn (see {@link FuzzSetup}).
 */
class CheckTerraformPlanFuzzTest {
    @FuzzTest(maxDuration = FuzzSetup.DURATION)
    @DictionaryFile(resourcePath = "/dev/preflight/fuzz/terraform.dict")
    void fuzz(byte[] data) {
        CheckProperties.terraformPlan(data);
    }
}
