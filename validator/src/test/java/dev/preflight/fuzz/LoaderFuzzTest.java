package dev.preflight.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz targets for the YAML and JSON loaders, run only by the {@code fuzz} Maven profile
 * ({@code ./mvnw -P fuzz -pl validator -am test}). Findings land in
 * {@code src/test/resources/dev/preflight/fuzz/LoaderFuzzTestInputs/<method>/}; the normal build replays every file
 * there through {@link LoaderFuzzRegressionTest} without Jazzer's instrumentation (which costs ~30 s per run).
 */
class LoaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void cloudFormationTemplate(byte[] data) {
        LoaderProperties.cloudFormationTemplate(data);
    }

    @FuzzTest(maxDuration = "60s")
    void terraformPlan(byte[] data) {
        LoaderProperties.terraformPlan(data);
    }
}
