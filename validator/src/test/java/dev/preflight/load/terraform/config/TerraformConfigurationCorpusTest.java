package dev.preflight.load.terraform.config;

import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadOptions;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evaluates every folder of {@code .tf} files in the shared corpus ({@code ../shared/corpus/tf}) as the check of
 * that corpus would: root modules found, modules called, nothing escapes (no internal error), every failure one
 * line. Prints resources, unknowns and time. Skipped when the corpus is not present, like the other corpus sweeps.
 */
class TerraformConfigurationCorpusTest {
    @Test
    void everyCorpusConfigurationEvaluates() throws IOException {
        Path dir = HclCorpusSweepTestAccess.corpus();
        Assumptions.assumeTrue(dir != null, "shared corpus not present (../shared/corpus/tf); skipped");
        Set<Path> folders = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.toString().endsWith(".tf") || p.toString().endsWith(".tf.json"))
                    .forEach(p -> folders.add(p.getParent().toAbsolutePath().normalize()));
        }
        Path root = dir.toAbsolutePath().normalize();
        long start = System.nanoTime();
        TerraformConfigurationLoader.Result r = new TerraformConfigurationLoader(LoadOptions.none(),
                TerraformVariables.none()).load(new ArrayList<>(folders), Set.of(),
                p -> root.relativize(p.toAbsolutePath().normalize()).toString());
        long ms = (System.nanoTime() - start) / 1_000_000;
        int unknown = 0;
        int known = 0;
        for (Resource res : r.loaded().resources()) {
            for (Value v : res.properties().fields().values()) {
                if (ConfigValues.hasUnknown(v)) {
                    unknown++;
                } else {
                    known++;
                }
            }
        }
        System.out.printf("Terraform configuration corpus: %d folders, %d root modules, %d resources (%d known and "
                        + "%d unknown attributes), %d skipped, %d failures, %d ms%n", folders.size(),
                r.loaded().inputs().size(), r.loaded().resources().size(), known, unknown, r.skipped().size(),
                r.loaded().failures().size(), ms);
        r.skipped().forEach((k, v) -> System.out.println("  skipped " + k + ": " + v));
        List<String> internal = new ArrayList<>();
        for (InputFailure f : r.loaded().failures()) {
            assertThat(f.oneLine()).doesNotContain("\n");
            if (f.message().contains("internal error")) {
                internal.add(f.oneLine());
            }
        }
        assertThat(internal).isEmpty();
        assertThat(r.loaded().inputs().size()).isGreaterThan(100);
        assertThat(r.loaded().resources().size()).isGreaterThan(500);
    }
}
