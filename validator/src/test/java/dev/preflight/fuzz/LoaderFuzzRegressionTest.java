package dev.preflight.fuzz;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays every input the fuzzer found (and the seeds) through every target, in the normal build. */
class LoaderFuzzRegressionTest {
    private static final Path INPUTS = Path.of("src/test/resources/dev/preflight/fuzz");

    @TestFactory
    Stream<DynamicTest> everyKeptInputLoadsOrFailsCleanly() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        tests.addAll(replay("CloudFormationTemplateFuzzTest", LoaderProperties::cloudFormationTemplate));
        tests.addAll(replay("TerraformPlanFuzzTest", LoaderProperties::terraformPlan));
        tests.addAll(replay("CheckCloudFormationFuzzTest", CheckProperties::cloudFormation));
        tests.addAll(replay("CheckTerraformPlanFuzzTest", CheckProperties::terraformPlan));
        assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
        return tests.stream();
    }

    private interface Target {
        void run(byte[] data);
    }

    private static List<DynamicTest> replay(String target, Target property) throws IOException {
        try (Stream<Path> files = Files.list(INPUTS.resolve(target + "Inputs/fuzz"))) {
            return files.sorted().map(f -> DynamicTest.dynamicTest(target + "/" + f.getFileName(),
                    () -> property.run(Files.readAllBytes(f)))).toList();
        }
    }
}
