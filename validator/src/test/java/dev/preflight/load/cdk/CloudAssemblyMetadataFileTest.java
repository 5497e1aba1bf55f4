package dev.preflight.load.cdk;

import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.cloudformation.CloudFormationLoader;
import dev.preflight.model.Resource;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CDK 2.x writes stack metadata (logical id -> construct path) to {@code additionalMetadataFile}, not the manifest. */
class CloudAssemblyMetadataFileTest {

    private static Path dir() {
        try {
            return Path.of(CloudAssemblyMetadataFileTest.class.getResource("/load/cdk/assembly-metadata-file").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void constructPathsComeFromTheStackMetadataFile() throws Exception {
        assertThat(CloudAssembly.read(dir(), Path::toString).stacks().get(0).constructPaths())
                .containsEntry("Vpc8378EB38", "Net/Vpc/Resource")
                .containsEntry("AppInstance13C82D50", "Net/AppInstance/Resource");
    }

    @Test
    void templatePathMetadataWinsOverTheMetadataFile() {
        LoadedInputs loaded = new CloudFormationLoader(LoadOptions.none())
                .load(List.of(), List.of(dir()), p -> dir().relativize(p).toString());
        assertThat(loaded.failures()).isEmpty();
        assertThat(loaded.resources()).extracting(Resource::id, Resource::constructPath).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Vpc8378EB38", "Net/Vpc/Resource"),
                org.assertj.core.groups.Tuple.tuple("AppInstance13C82D50", "Net/AppInstance/FromTemplate"));
    }
}
