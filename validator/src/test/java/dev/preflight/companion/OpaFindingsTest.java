package dev.preflight.companion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.model.Dialect;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;
import dev.preflight.model.Resource;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The output contract of Rego policies, and the value encoding of the input contract. */
class OpaFindingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SourceLocation AT = new SourceLocation("stack.yaml", 4, 3);

    private static ResourceGraph graph() {
        Resource vpc = new Resource(new ResourceKey("stack.yaml", "Vpc"), "AWS::EC2::VPC", Dialect.CLOUDFORMATION,
                new Value.Struct(Map.of(), AT), AT, null, null, null, false);
        return new ResourceGraph(List.of(), List.of(vpc));
    }

    @Test
    void stringsAndObjectsOfNestedPackagesBecomeResults() throws Exception {
        JsonNode data = JSON.readTree("""
                {"gd001": {"deny": ["plain message"], "hosted": [["a", "b"]]},
                 "team": {"net": {"warn": [{"id": "NET-1", "resource": "Vpc", "message": "tag it", "severity": "info"}],
                                  "deny": [{"resource": "Elsewhere", "message": "not in the graph"}]}}}
                """);
        CompanionReport r = OpaFindings.parse(data, graph(), "policies/gd001.rego");
        assertThat(r.faults()).isEmpty();
        assertThat(r.results()).extracting(RuleResult::ruleId)
                .containsExactlyInAnyOrder("rego:preflight.gd001", "NET-1", "rego:preflight.team.net");
        RuleResult plain = r.results().stream().filter(x -> x.ruleId().equals("rego:preflight.gd001")).findFirst().orElseThrow();
        assertThat(plain.severity()).isEqualTo(Severity.ERROR);
        assertThat(plain.subject().location().toString()).isEqualTo("policies/gd001.rego");
        RuleResult net = r.results().stream().filter(x -> x.ruleId().equals("NET-1")).findFirst().orElseThrow();
        assertThat(net.severity()).isEqualTo(Severity.INFO);
        assertThat(net.subject().location()).isEqualTo(AT);
        RuleResult elsewhere = r.results().stream().filter(x -> x.ruleId().equals("rego:preflight.team.net")).findFirst().orElseThrow();
        assertThat(elsewhere.subject().id()).isEqualTo("Elsewhere");
        assertThat(r.rules()).extracting(m -> m.title())
                .contains("Rego policy preflight.gd001", "NET-1 (Rego policy preflight.team.net)");
    }

    @Test
    void aDenyThatIsNotASetIsAFault() throws Exception {
        CompanionReport r = OpaFindings.parse(JSON.readTree("{\"x\": {\"deny\": true}}"), graph(), "p.rego");
        assertThat(r.faults()).containsExactly(
                "Rego policy preflight.x: deny must be a set of strings or objects, not boolean; its results are missing");
    }

    @Test
    void valuesSayWhatTheyAreInsteadOfBecomingNull() {
        Value unknown = new Value.Unknown(new UnknownOrigin.KnownAfterApply("aws_vpc.main", "id"), AT);
        Value ref = new Value.Reference(new ResourceKey("stack.yaml", "Vpc"), "CidrBlock", new Value.Text("10.0.0.0/16", AT), AT);
        Value cond = new Value.Conditional("IsProd", new Value.Bool(true, AT), new Value.Absent(AT), AT);
        Value template = new Value.Template(List.of(new Value.Text("com.amazonaws.", AT),
                new Value.Unknown(new UnknownOrigin.PseudoParameter("AWS::Region", "give --region or --account"), AT), new Value.Text(".guardduty-data", AT)), AT);
        Value num = new Value.Num(new BigDecimal("443"), "443", AT);
        assertThat(OpaInput.encode(unknown).toString())
                .isEqualTo("{\"$unknown\":{\"reason\":\"KNOWN_AFTER_APPLY\",\"detail\":\"aws_vpc.main.id is known after apply\","
                        + "\"origin\":{\"type\":\"KnownAfterApply\",\"address\":\"aws_vpc.main\",\"attribute\":\"id\","
                        + "\"relation\":\"NONE\",\"from\":[]}}}");
        assertThat(OpaInput.encode(ref).toString())
                .isEqualTo("{\"$ref\":{\"resource\":\"Vpc\",\"file\":\"stack.yaml\",\"attribute\":\"CidrBlock\",\"value\":\"10.0.0.0/16\"}}");
        assertThat(OpaInput.encode(cond).toString())
                .isEqualTo("{\"$if\":{\"condition\":\"IsProd\",\"then\":true,\"else\":{\"$absent\":true}}}");
        assertThat(OpaInput.encode(template).get("$template").get("pattern").asText()).isEqualTo("com.amazonaws.*.guardduty-data");
        assertThat(OpaInput.encode(num).toString()).isEqualTo("443");
        assertThat(OpaInput.encode(new Value.Absent(AT)).toString()).isEqualTo("{\"$absent\":true}");
    }
}
