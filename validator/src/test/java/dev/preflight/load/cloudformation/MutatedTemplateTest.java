package dev.preflight.load.cloudformation;

import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Truncated and randomly edited copies of the test templates (seeded): every copy loads or fails in one line, and
 * none reaches the "please report" last resort, which would mean an exception inside the loader.
 */
class MutatedTemplateTest {
    private static final String TOKENS = "{}[]:,-\"'!&*<>|\n #${}.";

    @ParameterizedTest
    @ValueSource(strings = {"load/cloudformation/intrinsics.yaml", "load/cloudformation/functions.json",
            "load/cloudformation/imports/exporter.yaml", "load/cloudformation/foreach.yaml",
            "load/cloudformation/merge-keys.yaml", "load/cdk/assembly/Network.template.json"})
    void everyMutantLoadsOrFailsInOneLine(String name) {
        String text = LoaderFixtures.text(name).text();
        List<SourceText> mutants = new ArrayList<>();
        for (int cut = 0; cut < text.length(); cut += Math.max(1, text.length() / 150)) {
            mutants.add(new SourceText("cut-" + cut, null, text.substring(0, cut)));
        }
        Random random = new Random(name.hashCode());
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder(text);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, TOKENS.charAt(random.nextInt(TOKENS.length())));
                    default -> b.setCharAt(at, TOKENS.charAt(random.nextInt(TOKENS.length())));
                }
            }
            mutants.add(new SourceText("edit-" + i, null, b.toString()));
        }
        int failed = 0;
        for (SourceText m : mutants) {
            // one call per mutant, so a failure is attributed to it; the good template keeps loading next to it
            LoadedInputs loaded = new CloudFormationLoader(LoadOptions.none())
                    .load(List.of(m, LoaderFixtures.text("load/cloudformation/imports/importer.yaml")), List.of(),
                            p -> p.toString());
            for (InputFailure f : loaded.failures()) {
                failed++;
                assertThat(f.file()).isEqualTo(m.displayPath());
                assertThat(f.oneLine()).doesNotContain("\n").doesNotContain("please report");
            }
            assertThat(loaded.inputs()).extracting(i -> i.file()).contains("load/cloudformation/imports/importer.yaml");
        }
        System.out.printf("%s: %d mutants, %d failed to load%n", name, mutants.size(), failed);
    }
}
