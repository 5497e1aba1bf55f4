package dev.preflight.load.cdk;

import dev.preflight.load.InputException;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.cloudformation.CloudFormationLoader;
import dev.preflight.model.InputDocument;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudAssemblyLoaderTest {
    private static final String DIR = "load/cdk/assembly";
    private static final String NETWORK = DIR + "/Network.template.json";
    private static final String NESTED = DIR + "/NetworkNested.nested.template.json";
    private static final String APP = DIR + "/App.template.json";

    private static Path root() {
        try {
            return Path.of(CloudAssemblyLoaderTest.class.getResource("/load").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String display(Path p) {
        return root().relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private static LoadedInputs load(LoadOptions options, Path... assemblies) {
        return new CloudFormationLoader(options).load(List.of(), List.of(assemblies), CloudAssemblyLoaderTest::display);
    }

    private final LoadedInputs loaded = load(LoadOptions.none(), root().resolve(DIR));

    private Resource resource(String file, String id) {
        return loaded.resources().stream().filter(r -> r.key().equals(new ResourceKey(file, id))).findFirst()
                .orElseThrow(() -> new NoSuchElementException(file + " " + id));
    }

    @Test
    void stacksAndNestedStacksAreLoadedWithTheirTemplateFiles() {
        assertThat(loaded.failures()).isEmpty();
        assertThat(loaded.inputs()).containsExactly(new InputDocument(DIR, InputFormat.CDK_ASSEMBLY));
        assertThat(loaded.resources()).extracting(r -> r.input() + " " + r.id()).containsExactly(
                NETWORK + " Vpc8378EB38", NETWORK + " Endpoint", NETWORK + " NestedStack",
                NESTED + " NestedSg", APP + " Server");
        assertThat(resource(NESTED, "NestedSg").location()).isEqualTo(new SourceLocation(NESTED, 7, 3));
    }

    @Test
    void constructPathsFromMetadataOrTheManifest() {
        assertThat(resource(NETWORK, "Vpc8378EB38").constructPath()).isEqualTo("Network/Vpc/Resource");
        assertThat(resource(NESTED, "NestedSg").constructPath()).isEqualTo("Network/Nested/Sg/Resource");
        assertThat(resource(APP, "Server").constructPath()).isEqualTo("App/Server/Resource");
        assertThat(resource(APP, "Server").cdk()).isTrue();
    }

    @Test
    void theStackEnvironmentGivesTheRegion() {
        assertThat(resource(NETWORK, "Endpoint").property("ServiceName").text())
                .contains("com.amazonaws.eu-west-1.guardduty-data");
        // App has no concrete environment: the stack name is known, the region is not
        assertThat(resource(APP, "Server").property("Name").display())
                .isEqualTo("App-server-${AWS::Region}");
        LoadedInputs withRegion = load(new LoadOptions(Map.of(), Optional.of("us-east-1"), Optional.empty()),
                root().resolve(DIR));
        assertThat(withRegion.resources().get(4).property("Name").text()).contains("App-server-us-east-1");
    }

    @Test
    void nestedStackParametersComeFromTheParent() {
        Resource sg = resource(NESTED, "NestedSg");
        Value.Reference vpc = (Value.Reference) sg.property("VpcId");
        assertThat(vpc.target()).isEqualTo(new ResourceKey(NETWORK, "Vpc8378EB38"));
        assertThat(vpc.location().file()).isEqualTo(NESTED);
        Value cidr = sg.property("SecurityGroupIngress").items().get(0).get("CidrIp");
        assertThat(cidr.text()).contains("10.0.0.0/16");
    }

    @Test
    void nestedStackOutputsAnswerGetAtt() {
        Resource endpoint = resource(NETWORK, "Endpoint");
        Value.Reference vpc = (Value.Reference) endpoint.property("VpcId");
        assertThat(vpc.target()).isEqualTo(new ResourceKey(NETWORK, "Vpc8378EB38"));
        Value.Reference sg = (Value.Reference) endpoint.property("SecurityGroupIds").items().get(0);
        assertThat(sg.target()).isEqualTo(new ResourceKey(NESTED, "NestedSg"));
        assertThat(sg.attribute()).isEqualTo("GroupId");
    }

    @Test
    void crossStackImportsResolveWithTheStackName() {
        Resource server = resource(APP, "Server");
        Value group = server.property("NetworkInterfaces").items().get(0).get("GroupSet").items().get(0);
        assertThat(((Value.Reference) group).target()).isEqualTo(new ResourceKey(NETWORK, "Vpc8378EB38"));
        assertThat(server.property("Cidr").text()).contains("10.0.0.0/16");
    }

    @Test
    void aDirectoryWithoutManifestIsAOneLineFailure() throws Exception {
        Path empty = Files.createTempDirectory("no-manifest");
        LoadedInputs l = new CloudFormationLoader(LoadOptions.none()).load(List.of(), List.of(empty), Path::toString);
        assertThat(l.failures()).hasSize(1);
        assertThat(l.failures().get(0).message()).startsWith("no manifest.json");
        assertThatThrownBy(() -> CloudAssembly.read(empty, Path::toString)).isInstanceOf(InputException.class);
        Files.delete(empty);
    }

    @Test
    void theAwsCdkNestedStackReferencesSnapshotLoads() {
        Path snapshot = null;
        for (String base : List.of("../../shared", "../shared", "/work/shared")) {
            Path p = Path.of(base, "corpus/cdk/aws__aws-cdk/packages/@aws-cdk-testing/framework-integ/test/core/test/"
                    + "integ.nested-stack-references.js.snapshot");
            if (Files.isDirectory(p)) {
                snapshot = p.toAbsolutePath().normalize();
                break;
            }
        }
        Assumptions.assumeTrue(snapshot != null, "shared corpus not found; skipped");
        Path dir = snapshot;
        LoadedInputs l = new CloudFormationLoader(LoadOptions.none()).load(List.of(), List.of(dir),
                p -> dir.relativize(p.toAbsolutePath().normalize()).toString());
        assertThat(l.failures()).isEmpty();
        assertThat(l.resources()).extracting(r -> r.input() + " " + r.id()).contains(
                "Producer.template.json NestedNestedStackNestedNestedStackResourceDEFDAA4D",
                "ProducerNested869755D4.nested.template.json RequiredResourceA026AF42",
                "Consumer.template.json RequiredResourceA026AF42");
        Resource nested = l.resources().stream()
                .filter(r -> r.input().equals("ProducerNested869755D4.nested.template.json")).findFirst().orElseThrow();
        assertThat(nested.constructPath()).isEqualTo("Producer/Nested/RequiredResource/Resource");
    }
}
