package dev.preflight.load.terraform;

import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceFiles;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every plan of the shared corpus ({@code ../shared/corpus/tfplan} from the project root, else
 * {@code /work/shared/corpus/tfplan}) loads or gets a one-line failure; nothing escapes. Skipped when absent.
 */
class TerraformPlanCorpusTest {
    static Path corpus() {
        for (Path p : List.of(Path.of("../../shared/corpus/tfplan"), Path.of("../shared/corpus/tfplan"),
                Path.of("/work/shared/corpus/tfplan"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void everyCorpusPlanLoadsOrFailsWithOneLine() throws IOException {
        Path dir = corpus();
        Assumptions.assumeTrue(dir != null, "shared corpus not present (../shared/corpus/tfplan); skipped");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int loaded = 0;
        int resources = 0;
        int references = 0;
        int notConfigured = 0;
        List<String> failed = new ArrayList<>();
        TerraformPlanLoader loader = new TerraformPlanLoader(LoadOptions.none());
        for (Path f : files) {
            String display = dir.relativize(f).toString();
            LoadedInputs in;
            try {
                in = loader.load(List.of(SourceFiles.read(f, display)));
            } catch (InputException e) {
                failed.add(e.failure().oneLine());
                continue;
            }
            for (InputFailure x : in.failures()) {
                assertThat(x.oneLine()).doesNotContain("\n").doesNotContain("internal error");
                failed.add(x.oneLine());
            }
            loaded += in.inputs().size();
            resources += in.resources().size();
            for (var r : in.resources()) {
                for (Value v : r.properties().fields().values()) {
                    references += count(v, true);
                    notConfigured += count(v, false);
                }
            }
        }
        System.out.printf("Terraform corpus: %d files, %d loaded, %d failed, %d resources, %d references, "
                + "%d not configured%n", files.size(), loaded, failed.size(), resources, references, notConfigured);
        failed.forEach(f -> System.out.println("  " + f));
        assertThat(loaded + failed.size()).isEqualTo(files.size());
        assertThat(files).isNotEmpty();
        // the corpus is real plans: nearly all must load
        assertThat(loaded).isGreaterThanOrEqualTo(files.size() * 9 / 10);
    }

    private static int count(Value v, boolean refs) {
        if (v instanceof Value.Reference) {
            return refs ? 1 : 0;
        }
        if (v instanceof Value.Absent) {
            return refs ? 0 : 1;
        }
        if (v instanceof Value.Unknown) {
            return 0;
        }
        int n = 0;
        for (Value i : v.items()) {
            n += count(i, refs);
        }
        if (v instanceof Value.Struct s) {
            for (Value i : s.fields().values()) {
                n += count(i, refs);
            }
        }
        return n;
    }
}
