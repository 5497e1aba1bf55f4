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

/** Replays every input the fuzzer found (and the seeds) through the loaders, in the normal build. */
class LoaderFuzzRegressionTest {
    private static final Path INPUTS = Path.of("src/test/resources/dev/preflight/fuzz/LoaderFuzzTestInputs");

    @TestFactory
    Stream<DynamicTest> everyKeptInputLoadsOrFailsCleanly() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        tests.addAll(replay("cloudFormationTemplate", LoaderProperties::cloudFormationTemplate));
        tests.addAll(replay("terraformPlan", LoaderProperties::terraformPlan));
        assertThat(tests).hasSizeGreaterThanOrEqualTo(4);
        return tests.stream();
    }

    private interface Target {
        void run(byte[] data);
    }

    private static List<DynamicTest> replay(String method, Target target) throws IOException {
        try (Stream<Path> files = Files.list(INPUTS.resolve(method))) {
            return files.sorted().map(f -> DynamicTest.dynamicTest(method + "/" + f.getFileName(),
                    () -> target.run(Files.readAllBytes(f)))).toList();
        }
    }
}
