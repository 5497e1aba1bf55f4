package dev.preflight.load.cloudformation;

import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.model.Dialect;
import dev.preflight.model.InputDocument;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static dev.preflight.load.cloudformation.LoaderFixtures.load;
import static dev.preflight.load.cloudformation.LoaderFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

class CloudFormationYamlTest {
    private static final String FILE = "load/cloudformation/intrinsics.yaml";

    private static SourceLocation at(int line, int column) {
        return new SourceLocation(FILE, line, column);
    }

    private final LoadedInputs loaded = load(FILE);

    @Test
    void resourcesCarryKeyTypeDialectAndTheLogicalIdPosition() {
        assertThat(loaded.failures()).isEmpty();
        assertThat(loaded.inputs()).containsExactly(new InputDocument(FILE, InputFormat.CLOUDFORMATION));
        Resource vpc = resource(loaded, "Vpc");
        assertThat(vpc.key()).isEqualTo(new ResourceKey(FILE, "Vpc"));
        assertThat(vpc.type()).isEqualTo("AWS::EC2::VPC");
        assertThat(vpc.dialect()).isEqualTo(Dialect.CLOUDFORMATION);
        assertThat(vpc.location()).isEqualTo(at(20, 3));
        assertThat(vpc.property("CidrBlock")).isEqualTo(new Value.Text("10.0.0.0/16", at(23, 18)));
        assertThat(vpc.constructPath()).isNull();
    }

    @Test
    void yaml11ScalarsAsCloudFormationReadsThem() {
        assertThat(resource(loaded, "Vpc").property("EnableDnsHostnames")).isEqualTo(new Value.Bool(true, at(24, 27)));
        Resource r = resource(loaded, "MaybeCidr");
        assertThat(r.property("Quoted")).isEqualTo(new Value.Text("yes", at(62, 15)));
        assertThat(r.property("Flag")).isEqualTo(new Value.Bool(false, at(63, 13)));
        assertThat(r.property("Mode")).isEqualTo(new Value.Num(new BigDecimal(493), "0755", at(64, 13)));
        assertThat(r.property("Port")).isEqualTo(new Value.Text("443", at(65, 13)));
        assertThat(r.property("Nothing").isAbsent()).isTrue(); // YAML null: absent, like a property not written
        assertThat(r.property("Custom")).isEqualTo(new Value.Text("value", at(67, 15)));
        Value.Num port = (Value.Num) resource(loaded, "Sg").property("SecurityGroupIngress").items().get(0).get("FromPort");
        assertThat(port.raw()).isEqualTo("443");
        assertThat(port.location()).isEqualTo(at(35, 21));
    }

    @Test
    void refToResourceIsAReferenceAssignedAtDeploy() {
        Value vpcId = resource(loaded, "Sg").property("VpcId");
        assertThat(vpcId).isInstanceOf(Value.Reference.class);
        Value.Reference ref = (Value.Reference) vpcId;
        assertThat(ref.target()).isEqualTo(new ResourceKey(FILE, "Vpc"));
        assertThat(ref.attribute()).isNull();
        assertThat(ref.location()).isEqualTo(at(32, 14));
        assertThat(ref.resolved()).isInstanceOf(Value.Unknown.class);
        assertThat(((Value.Unknown) ref.resolved()).reason()).isEqualTo(UnknownReason.ASSIGNED_AT_DEPLOY);
        assertThat(((Value.Unknown) ref.resolved()).describe()).isEqualTo("physical id of Vpc");
    }

    @Test
    void getAttResolvesToTheTargetPropertyWhenWritten() {
        Value cidr = resource(loaded, "Sg").property("SecurityGroupIngress").items().get(0).get("CidrIp");
        Value.Reference ref = (Value.Reference) cidr;
        assertThat(ref.target().id()).isEqualTo("Vpc");
        assertThat(ref.attribute()).isEqualTo("CidrBlock");
        assertThat(ref.location()).isEqualTo(at(37, 19));
        assertThat(ref.text()).contains("10.0.0.0/16");
        assertThat(ref.resolved().location()).isEqualTo(at(23, 18));

        // list form; the security group's VpcId is itself a Ref to the VPC
        Value.Reference vpcId = (Value.Reference) resource(loaded, "Endpoint").property("VpcId");
        assertThat(vpcId.target().id()).isEqualTo("Sg");
        assertThat(vpcId.attribute()).isEqualTo("VpcId");
        assertThat(vpcId.resolved()).isInstanceOf(Value.Reference.class);
        assertThat(((Value.Reference) vpcId.resolved()).target().id()).isEqualTo("Vpc");

        Value.Reference groupId = (Value.Reference) resource(loaded, "Endpoint").property("SecurityGroupIds").items().get(0);
        assertThat(groupId.attribute()).isEqualTo("GroupId");
        assertThat(groupId.resolved()).isInstanceOf(Value.Unknown.class);
        assertThat(((Value.Unknown) groupId.resolved()).reason()).isEqualTo(UnknownReason.ASSIGNED_AT_DEPLOY);
        assertThat(groupId.location()).isEqualTo(at(45, 26));
    }

    @Test
    void subWithAnUnknownRegionKeepsTheKnownText() {
        Value name = resource(loaded, "Endpoint").property("ServiceName");
        assertThat(name).isInstanceOf(Value.Template.class);
        Value.Template t = (Value.Template) name;
        assertThat(t.location()).isEqualTo(at(42, 20));
        assertThat(t.pattern("*")).isEqualTo("com.amazonaws.*.guardduty-data");
        assertThat(t.couldEqual("com.amazonaws.eu-west-1.guardduty-data")).isTrue();
        assertThat(t.couldEqual("com.amazonaws.eu-west-1.s3")).isFalse();
        assertThat(t.display()).isEqualTo("com.amazonaws.${AWS::Region}.guardduty-data");
        assertThat(((Value.Unknown) t.parts().get(1)).reason()).isEqualTo(UnknownReason.PSEUDO_PARAMETER);
        assertThat(t.text()).isEmpty();
        assertThat(t.isKnown()).isFalse();
    }

    @Test
    void subWithRegionGivenIsText() {
        LoadedInputs withRegion = load(new LoadOptions(Map.of(), Optional.of("cn-north-1"), Optional.of("123456789012")),
                FILE);
        assertThat(resource(withRegion, "Endpoint").property("ServiceName"))
                .isEqualTo(new Value.Text("com.amazonaws.cn-north-1.guardduty-data", at(42, 20)));
        assertThat(resource(withRegion, "MaybeCidr").property("Partition").text())
                .contains("arn:aws-cn:s3:::b-123456789012");
        assertThat(resource(loaded, "MaybeCidr").property("Partition").display())
                .isEqualTo("arn:aws:s3:::b-${AWS::AccountId}");
    }

    @Test
    void subEscapesAndParameters() {
        assertThat(resource(loaded, "MaybeCidr").property("Escaped").text()).contains("${Literal}-dev");
        Value stackName = resource(loaded, "Vpc").property("Tags").items().get(0).get("Value");
        assertThat(stackName).isInstanceOf(Value.Template.class);
        assertThat(((Value.Template) stackName).pattern("*")).isEqualTo("*-vpc");
    }

    @Test
    void base64KeepsThePlainTextAndSubInsideBlockScalarsIsNotEvaluated() {
        assertThat(resource(loaded, "MaybeCidr").property("UserData"))
                .isEqualTo(new Value.Text("#!/bin/bash\necho \"${Env}\"\n", at(58, 17)));
    }

    @Test
    void parameterDefaultsListsAndMissingValues() {
        Resource r = resource(loaded, "MaybeCidr");
        assertThat(r.property("SubnetId")).isEqualTo(new Value.Text("subnet-2", at(61, 29)));
        Value subnets = resource(loaded, "Endpoint").property("SubnetIds");
        assertThat(subnets.items()).extracting(v -> v.text().orElseThrow()).containsExactly("subnet-1", "subnet-2");
        assertThat(subnets.location()).isEqualTo(at(46, 18));
        Value cidr = r.property("Cidr");
        assertThat(cidr).isEqualTo(new Value.Unknown(new UnknownOrigin.ParameterWithoutValue("VpcCidr", false), at(69, 13)));
    }

    @Test
    void ssmParameterTypeKeepsTheSsmName() {
        Value ami = resource(loaded, "MaybeCidr").property("ImageId");
        assertThat(ami).isInstanceOf(Value.Unknown.class);
        Value.Unknown u = (Value.Unknown) ami;
        assertThat(u.reason()).isEqualTo(UnknownReason.DYNAMIC_REFERENCE);
        assertThat(((UnknownOrigin.SsmParameter) u.origin()).path()).isEqualTo("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
        assertThat(u.describe()).contains("parameter LatestAmiId");
        assertThat(u.location()).isEqualTo(at(57, 16));

        LoadedInputs given = load(new LoadOptions(Map.of("LatestAmiId", "/my/ami"), Optional.empty(), Optional.empty()),
                FILE);
        assertThat(((UnknownOrigin.SsmParameter) ((Value.Unknown) resource(given, "MaybeCidr").property("ImageId")).origin()).path()).isEqualTo("/my/ami");
    }

    @Test
    void refToAnUndefinedNameIsOutsideTheInputs() {
        Value v = resource(loaded, "Endpoint").property("PolicyDocument");
        assertThat(((Value.Unknown) v).reason()).isEqualTo(UnknownReason.OUTSIDE_INPUTS);
        assertThat(v.location()).isEqualTo(at(47, 23));
    }

    @Test
    void decidedConditionsDropResourcesAndNoValueItems() {
        assertThat(loaded.resources()).extracting(Resource::id)
                .containsExactly("Vpc", "Sg", "Endpoint", "MaybeCidr");
        assertThat(resource(loaded, "Sg").property("SecurityGroupIngress").items()).hasSize(1);
    }

    @Test
    void undecidedConditionsKeepBothBranches() {
        Resource maybe = resource(loaded, "MaybeCidr");
        assertThat(maybe.condition()).isEqualTo("HasCidr");
        Value dns = resource(loaded, "Endpoint").property("PrivateDnsEnabled");
        assertThat(dns).isInstanceOf(Value.Conditional.class);
        Value.Conditional c = (Value.Conditional) dns;
        assertThat(c.condition()).isEqualTo("DevWithCidr");
        assertThat(c.whenTrue()).isEqualTo(new Value.Bool(true, at(44, 44)));
        assertThat(c.whenFalse()).isInstanceOf(Value.Absent.class);
        assertThat(c.location()).isEqualTo(at(44, 26));
        assertThat(dns.branches()).extracting(Value.Branch::describeConditions)
                .containsExactly("when DevWithCidr is true", "when DevWithCidr is false");
    }

    @Test
    void parametersFromOptionsWinOverDefaults() {
        LoadedInputs prod = load(new LoadOptions(Map.of("Env", "prod", "VpcCidr", "10.9.0.0/16"), Optional.empty(),
                Optional.empty()), FILE);
        assertThat(prod.resources()).extracting(Resource::id)
                .containsExactly("Vpc", "Sg", "Endpoint", "ProdOnly", "MaybeCidr");
        assertThat(resource(prod, "MaybeCidr").condition()).isNull();
        assertThat(resource(prod, "MaybeCidr").property("Cidr")).isEqualTo(new Value.Text("10.9.0.0/16", at(69, 13)));
        Value second = resource(prod, "Sg").property("SecurityGroupIngress").items().get(1);
        assertThat(second.get("CidrIp")).isEqualTo(new Value.Text("0.0.0.0/0", at(38, 76)));
        // IsDev is now false, so the Fn::If takes AWS::NoValue and the property disappears
        assertThat(resource(prod, "Endpoint").property("PrivateDnsEnabled").isAbsent()).isTrue();
    }

    @Test
    void forEachLoopsAreExpandedWhenTheCollectionIsKnown() {
        String file = "load/cloudformation/foreach.yaml";
        LoadedInputs loops = load(file);
        assertThat(loops.failures()).isEmpty();
        assertThat(loops.resources()).extracting(Resource::id).containsExactly("Sga1", "Sgb", "Plain");
        Resource a = resource(loops, "Sga1");
        assertThat(a.location()).isEqualTo(new SourceLocation(file, 12, 7));
        assertThat(a.property("GroupDescription").text()).contains("group a-1");
        assertThat(a.property("GroupName").text()).contains("a-1");
        assertThat(resource(loops, "Plain").location()).isEqualTo(new SourceLocation(file, 22, 3));
    }

    @Test
    void mergeKeysAndAliasesAsPyYamlReadsThem() {
        String file = "load/cloudformation/merge-keys.yaml";
        LoadedInputs merged = load(file);
        assertThat(merged.failures()).isEmpty();
        Resource derived = resource(merged, "Derived");
        assertThat(derived.property("GroupDescription").text()).contains("own");
        assertThat(derived.property("VpcId")).isEqualTo(new Value.Text("vpc-1", new SourceLocation(file, 6, 14)));
    }

    @Test
    void outputsOfANestedStackOutsideTheInputs() {
        LoadedInputs merged = load("load/cloudformation/merge-keys.yaml");
        Value.Reference subnet = (Value.Reference) resource(merged, "User").property("SubnetId");
        assertThat(subnet.target().id()).isEqualTo("Stack");
        assertThat(((Value.Unknown) subnet.resolved()).reason()).isEqualTo(UnknownReason.OUTSIDE_INPUTS);
    }

    @Test
    void partitionFollowsTheRegion() {
        LoadedInputs gov = load(new LoadOptions(Map.of(), Optional.of("us-gov-west-1"), Optional.of("1")), FILE);
        assertThat(resource(gov, "MaybeCidr").property("Partition").text()).contains("arn:aws-us-gov:s3:::b-1");
    }

    @Test
    void aParameterValueGivenAsADynamicReferenceIsUnknown() {
        LoadedInputs given = load(new LoadOptions(Map.of("VpcCidr", "{{resolve:ssm:/net/cidr}}"), Optional.empty(),
                Optional.empty()), FILE);
        Value.Unknown cidr = (Value.Unknown) resource(given, "MaybeCidr").property("Cidr");
        assertThat(((UnknownOrigin.SsmParameter) cidr.origin()).path()).isEqualTo("/net/cidr");
        assertThat(cidr.location()).isEqualTo(at(69, 13));
    }
}
