package dev.preflight.load.terraform.hcl;

import dev.preflight.load.InputException;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
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
 * Parses every {@code .tf}, {@code .tfvars} and {@code .tf.json} file of the shared corpus
 * ({@code ../shared/corpus/tf}): exactly the 16 files that its README lists as syntax errors on purpose fail (and one JSON file
 * that Terraform rejects for its shape), each
 * with one line {@code file:line:col: message}; nothing escapes. Prints the time per file. Skipped (with a
 * message) when the corpus is not present, like the other corpus sweeps.
 */
class HclCorpusSweepTest {
    /** The corpus README's list of files that Terraform 1.11 itself rejects. */
    private static final Set<String> BROKEN_ON_PURPOSE = Set.of(
            "opentofu__opentofu/internal/configs/testdata/invalid-files/interp-in-data-label.tf",
            "opentofu__opentofu/internal/configs/testdata/invalid-files/interp-in-rsrc-label.tf",
            "opentofu__opentofu/internal/configs/testdata/invalid-files/json-as-native-syntax.tf",
            "opentofu__opentofu/internal/configs/testdata/invalid-files/provider-syntax.tf",
            "opentofu__opentofu/internal/configs/testdata/invalid-files/zerolen.tf.json",
            "opentofu__opentofu/internal/configs/testdata/invalid-files/native-syntax-as-json.tf.json",
            "opentofu__opentofu/internal/configs/testdata/invalid-modules/"
                    + "multiple-required-providers-with-syntax-error/other.tf",
            "hashicorp__terraform-config-inspect/tfconfig/testdata/invalid-braces/invalid-braces.tf",
            "hashicorp__terraform-config-inspect/tfconfig/testdata/syntax-error/syntax-error.tf",
            "hashicorp__terraform-guides/infrastructure-as-code/hashistack/best-practices/terraform-aws/outputs.tf",
            "hashicorp__terraform-guides/self-serve-infrastructure/getting-started/terraform-gcp/main.tf",
            "hashicorp__terraform-guides/self-serve-infrastructure/k8s-services/main.tf",
            "hashicorp__terraform-guides/self-serve-infrastructure/k8s-services-openshift/main.tf",
            "bridgecrewio__checkov/tests/terraform/parser/resources/hcl_timeout/main.tf",
            "bridgecrewio__checkov/tests/terraform/parser/resources/parser_scenarios/maze_of_variables/maze.tf",
            "bridgecrewio__checkov/tests/terraform/parser/resources/parser_scenarios/bad_tf_nested_modules_enable/"
                    + "skip_bad_tf_example.tf",
            // valid JSON, but Terraform 0.12+ requires an object for a variable (0.11 read a string as default)
            "hashicorp__terraform-guides/infrastructure-as-code/terraform-0.12-examples/reliable-json-syntax/"
                    + "variable1.tf.json");

    static Path corpus() {
        for (Path p : List.of(Path.of("../../shared/corpus/tf"), Path.of("../shared/corpus/tf"),
                Path.of("/work/shared/corpus/tf"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    static HclBody parse(SourceText text) throws InputException, HclSyntaxException {
        String name = text.displayPath();
        if (name.endsWith(".tf.json")) {
            return HclJsonReader.readConfiguration(text);
        }
        if (name.endsWith(".tfvars.json")) {
            return HclJsonReader.readVariables(text);
        }
        return HclParser.parse(name, text.text());
    }

    @Test
    void everyCorpusFileParsesExceptTheOnesBrokenOnPurpose() throws IOException {
        Path dir = corpus();
        Assumptions.assumeTrue(dir != null, "shared corpus not present (../shared/corpus/tf); skipped");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(tf|tfvars|tf\\.json|tfvars\\.json)$"))
                    .sorted().toList();
        }
        Set<String> failed = new TreeSet<>();
        List<String> lines = new ArrayList<>();
        long bytes = 0;
        long start = System.nanoTime();
        int blocks = 0;
        for (Path f : files) {
            String display = dir.relativize(f).toString().replace('\\', '/');
            try {
                SourceText text = SourceFiles.read(f, display);
                bytes += text.text().length();
                blocks += parse(text).blocks().size();
            } catch (HclSyntaxException e) {
                failed.add(display);
                lines.add(e.getMessage());
            } catch (InputException e) {
                failed.add(display);
                lines.add(e.failure().oneLine());
            }
        }
        long micros = (System.nanoTime() - start) / 1000;
        System.out.printf("HCL corpus: %d files (%d KB), %d top-level blocks, %d failed, %d ms (%d us per file)%n",
                files.size(), bytes / 1024, blocks, failed.size(), micros / 1000, micros / Math.max(1, files.size()));
        lines.forEach(l -> System.out.println("  " + l));
        for (String l : lines) {
            assertThat(l).doesNotContain("\n").matches("^[^:]+:\\d+:\\d+: .+|^[^:]+: .+");
        }
        assertThat(files).hasSizeGreaterThan(1400);
        assertThat(failed).isEqualTo(new TreeSet<>(BROKEN_ON_PURPOSE));
    }
}
