package dev.preflight.load.cloudformation;

import dev.preflight.load.LoadedInputs;
import dev.preflight.model.Resource;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;

import static dev.preflight.load.cloudformation.LoaderFixtures.load;
import static dev.preflight.load.cloudformation.LoaderFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

class CloudFormationJsonTest {
    private static final String FILE = "load/cloudformation/functions.json";

    private static SourceLocation at(int line, int column) {
        return new SourceLocation(FILE, line, column);
    }

    private final LoadedInputs loaded = load(FILE);

    private Value box(String property) {
        return resource(loaded, "Box").property(property);
    }

    private static UnknownReason reason(Value v) {
        return ((Value.Unknown) v).reason();
    }

    @Test
    void logicalIdPositionIsTheKeyInJson() {
        assertThat(loaded.failures()).isEmpty();
        assertThat(resource(loaded, "Net").location()).isEqualTo(at(15, 5));
        assertThat(resource(loaded, "Box").location()).isEqualTo(at(29, 5));
        assertThat(resource(loaded, "Net").property("CidrBlock").location()).isEqualTo(at(18, 22));
    }

    @Test
    void resourceWithoutPropertiesHasEmptyProperties() {
        Resource empty = resource(loaded, "Empty");
        assertThat(empty.properties().fields()).isEmpty();
        assertThat(empty.type()).isEqualTo("AWS::SNS::Topic");
    }

    @Test
    void cidrOfAGetAttIsComputedAndSelected() {
        Value cidr = resource(loaded, "Subnet").property("CidrBlock");
        assertThat(cidr.text()).contains("10.0.2.0/24");
        assertThat(cidr.location()).isEqualTo(at(25, 41));
    }

    @Test
    void availabilityZonesAreAssignedAtDeploy() {
        Value az = resource(loaded, "Subnet").property("AvailabilityZone");
        assertThat(reason(az)).isEqualTo(UnknownReason.ASSIGNED_AT_DEPLOY);
    }

    @Test
    void findInMapWithParameterKeysAndDefaultValue() {
        assertThat(box("InstanceType")).isEqualTo(new Value.Text("m5.large", at(10, 24)));
        assertThat(box("Fallback").text()).contains("t3.nano");
        assertThat(box("Fallback").location()).isEqualTo(at(33, 21));
        assertThat(box("Ports").items()).extracting(v -> v.text().orElseThrow()).containsExactly("443", "8443");
    }

    @Test
    void joinWithAnUnknownPieceIsATemplate() {
        Value.Template name = (Value.Template) box("Name");
        assertThat(name.pattern("*")).isEqualTo("app-prod-*");
        assertThat(name.location()).isEqualTo(at(35, 17));
        assertThat(box("Known")).isEqualTo(new Value.Text("ab3", at(36, 18)));
    }

    @Test
    void splitLengthAndToJsonString() {
        assertThat(box("Parts").items()).extracting(v -> v.text().orElseThrow()).containsExactly("a", "b", "", "c");
        assertThat(box("Count").integer()).contains(3L);
        assertThat(box("Json").text()).contains("{\"a\":[1,true,\"x\\\"y\"]}");
    }

    @Test
    void dynamicReferencesAreUnknownWithTheirName() {
        Value.Unknown secret = (Value.Unknown) box("Secret");
        assertThat(secret.reason()).isEqualTo(UnknownReason.DYNAMIC_REFERENCE);
        assertThat(secret.describe()).startsWith("secretsmanager:MySecret ");
        assertThat(secret.location()).isEqualTo(at(40, 19));
        Value.Unknown ssm = (Value.Unknown) box("Ssm");
        assertThat(((UnknownOrigin.SsmParameter) ssm.origin()).path()).isEqualTo("/app/ami");
        Value.Template mixed = (Value.Template) box("Mixed");
        assertThat(mixed.pattern("*")).isEqualTo("ami-*");
        assertThat(((UnknownOrigin.SsmParameter) ((Value.Unknown) mixed.parts().get(1)).origin()).path()).isEqualTo("/app/suffix");
    }

    @Test
    void parameterWithoutValueAndUnsupportedFunctions() {
        Value.Unknown vpc = (Value.Unknown) box("Vpc");
        assertThat(vpc.reason()).isEqualTo(UnknownReason.PARAMETER_WITHOUT_VALUE);
        assertThat(vpc.describe()).isEqualTo("parameter Vpc has no value or default");
        assertThat(reason(box("Unsupported"))).isEqualTo(UnknownReason.UNSUPPORTED);
        assertThat(reason(box("Transformed"))).isEqualTo(UnknownReason.UNSUPPORTED);
    }
}
