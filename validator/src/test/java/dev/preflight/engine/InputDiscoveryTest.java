package dev.preflight.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InputDiscoveryTest {
    @TempDir
    Path dir;

    @Test
    void walksInStableOrderSkippingHiddenAndToolFolders() throws IOException {
        write("b/app.yaml");
        write("a/net.json");
        write("a/readme.md");
        write(".git/x.yaml");
        write("node_modules/pkg/t.yaml");
        write("infra/.terraform/modules/m.json");
        write("cdk.out/manifest.json");
        write("cdk.out/Stack.template.json");
        write("cdk.out/nested/ignored.yaml");
        write("policies/deny.json");

        InputDiscovery d = new InputDiscovery(dir);
        InputDiscovery.Discovery found = d.discover(List.of(dir), List.of(dir.resolve("policies/deny.json")));
        assertThat(found.inputs()).extracting(DiscoveredInput::displayPath)
                .containsExactly("policies/deny.json", "a/net.json", "b/app.yaml", "cdk.out");
        assertThat(found.inputs()).filteredOn(DiscoveredInput::assembly).extracting(DiscoveredInput::displayPath)
                .containsExactly("cdk.out");
        assertThat(found.inputs()).filteredOn(DiscoveredInput::givenAsScp).extracting(DiscoveredInput::displayPath)
                .containsExactly("policies/deny.json");
        assertThat(found.missing()).isEmpty();
    }

    @Test
    void aMissingPathIsReportedAndTheRestStillFound() throws IOException {
        write("t.yaml");
        InputDiscovery d = new InputDiscovery(dir);
        InputDiscovery.Discovery found = d.discover(List.of(dir.resolve("nope.yaml"), dir.resolve("t.yaml")), List.of());
        assertThat(found.inputs()).extracting(DiscoveredInput::displayPath).containsExactly("t.yaml");
        assertThat(found.missing()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo("nope.yaml");
            assertThat(f.message()).contains("no such file");
        });
    }

    @Test
    void anExplicitFileIsAnInputWhateverItsExtension() throws IOException {
        write("template.cfn");
        InputDiscovery d = new InputDiscovery(dir);
        assertThat(d.discover(List.of(dir.resolve("template.cfn")), List.of()).inputs()).hasSize(1);
    }

    private void write(String rel) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "{}");
    }
}
