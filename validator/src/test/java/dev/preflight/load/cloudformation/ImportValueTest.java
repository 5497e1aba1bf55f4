package dev.preflight.load.cloudformation;

import dev.preflight.load.LoadedInputs;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;

import static dev.preflight.load.cloudformation.LoaderFixtures.load;
import static dev.preflight.load.cloudformation.LoaderFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

class ImportValueTest {
    private static final String EXPORTER = "load/cloudformation/imports/exporter.yaml";
    private static final String IMPORTER = "load/cloudformation/imports/importer.yaml";

    private final LoadedInputs loaded = load(IMPORTER, EXPORTER);

    private Value property(String name) {
        return resource(loaded, "AppSg").property(name);
    }

    @Test
    void importOfARefIsAReferenceIntoTheExportingFile() {
        assertThat(loaded.failures()).isEmpty();
        Value.Reference vpc = (Value.Reference) property("VpcId");
        assertThat(vpc.target()).isEqualTo(new ResourceKey(EXPORTER, "Vpc"));
        assertThat(vpc.location()).isEqualTo(new SourceLocation(IMPORTER, 6, 14));
    }

    @Test
    void importOfAGetAttCarriesTheAttributeValue() {
        Value cidr = property("SecurityGroupIngress").items().get(0).get("CidrIp");
        assertThat(cidr.text()).contains("10.1.0.0/16");
        assertThat(((Value.Reference) cidr).attribute()).isEqualTo("CidrBlock");
        assertThat(cidr.location()).isEqualTo(new SourceLocation(IMPORTER, 11, 19));
        assertThat(property("Note")).isEqualTo(new Value.Text("plain", new SourceLocation(IMPORTER, 12, 13)));
    }

    @Test
    void anExportNamedAfterTheStackMatchesWhenItIsTheOnlyCandidate() {
        Value.Reference peer = (Value.Reference) property("Peer");
        assertThat(peer.target()).isEqualTo(new ResourceKey(EXPORTER, "Sg"));
        assertThat(peer.location()).isEqualTo(new SourceLocation(IMPORTER, 13, 13));
    }

    @Test
    void twoExportsNamedAfterTheirStacksMatchNothing() {
        LoadedInputs two = load(IMPORTER, EXPORTER, "load/cloudformation/imports/second-exporter.yaml");
        Value.Unknown peer = (Value.Unknown) resource(two, "AppSg").property("Peer");
        assertThat(peer.reason()).isEqualTo(UnknownReason.IMPORT_NOT_FOUND);
        assertThat(peer.describe()).isEqualTo("Fn::ImportValue 'net-SgId' is not exported by any input");
        // literal names still match
        assertThat(resource(two, "AppSg").property("Note").text()).contains("plain");
    }

    @Test
    void importOfAnUnknownNameIsNotFound() {
        Value.Unknown missing = (Value.Unknown) property("Missing");
        assertThat(missing.reason()).isEqualTo(UnknownReason.IMPORT_NOT_FOUND);
        assertThat(missing.describe()).contains("AWS::Region");
        assertThat(missing.location()).isEqualTo(new SourceLocation(IMPORTER, 14, 16));
    }

    @Test
    void withoutTheExporterTheImportIsNotFound() {
        LoadedInputs alone = load(IMPORTER);
        Value.Unknown vpc = (Value.Unknown) resource(alone, "AppSg").property("VpcId");
        assertThat(vpc.reason()).isEqualTo(UnknownReason.IMPORT_NOT_FOUND);
        assertThat(vpc.describe()).isEqualTo("Fn::ImportValue 'shared-VpcId' is not exported by any input");
    }
}
