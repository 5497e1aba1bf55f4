package dev.preflight.fuzz;

/**
 * How the fuzz targets run. {@code ./mvnw -P fuzz -pl validator -am test} fuzzes every {@code *FuzzTest} class, each
 * in a JVM of its own, for {@value #DURATION} each, with inputs of up to 64 KiB from the start (libFuzzer's mutator
 * with {@code -max_len=65536 -len_control=0}, set in the profile) and a dictionary of CloudFormation or Terraform tokens. Findings land in
 * {@code src/test/resources/dev/preflight/fuzz/<Class>Inputs/fuzz/}: keep every one (rename it to say what it
 * is); the normal build replays them all through {@link LoaderFuzzRegressionTest} without Jazzer's
 * instrumentation.
 */
final class FuzzSetup {
    static final String DURATION = "10m";

    private FuzzSetup() {
    }
}
