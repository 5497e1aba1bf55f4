package dev.preflight.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The CloudFormation loader (YAML and JSON readers, intrinsic functions, loops, conditions) over one template.
 * A Jazzer target of its own class: Jazzer fuzzes one target per JVM, and the {@code fuzz} profile forks one JVM
 * per class, so {@code ./mvnw -P fuzz -pl validator -am test} fuzzes every target in turn (see {@link FuzzSetup}).
 */
class CloudFormationTemplateFuzzTest {
    @FuzzTest(maxDuration = FuzzSetup.DURATION)
    @DictionaryFile(resourcePath = "/dev/preflight/fuzz/cloudformation.dict")
    void fuzz(byte[] data) {
        LoaderProperties.cloudFormationTemplate(data);
    }
}
