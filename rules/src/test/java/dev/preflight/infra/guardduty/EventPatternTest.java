package dev.preflight.infra.guardduty;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import dev.preflight.policy.PolicyJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventPatternTest {
    private static final Map<String, String> UNHEALTHY = Map.of("source", "aws.guardduty",
            "detail-type", "GuardDuty Runtime Protection Unhealthy", "detail.resourceDetails.resourceType", "EC2");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            minimal | {"source":["aws.guardduty"],"detail-type":["GuardDuty Runtime Protection Unhealthy"]} | true | 0
            source only | {"source":["aws.guardduty"]} | true | 0
            empty pattern | {} | true | 0
            other detail-type | {"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"]} | false | 0
            other source | {"source":["aws.ec2"]} | false | 0
            one of several | {"source":["aws.ec2","aws.guardduty"],"detail-type":["GuardDuty Finding","GuardDuty Runtime Protection Unhealthy"]} | true | 0
            prefix | {"source":[{"prefix":"aws."}],"detail-type":[{"prefix":"GuardDuty Runtime"}]} | true | 0
            prefix ignore case | {"detail-type":[{"prefix":{"equals-ignore-case":"guardduty runtime"}}]} | true | 0
            suffix | {"detail-type":[{"suffix":"Unhealthy"}]} | true | 0
            suffix healthy only matches unhealthy too | {"detail-type":[{"suffix":"Healthy"}]} | false | 0
            equals ignore case | {"detail-type":[{"equals-ignore-case":"guardduty runtime protection unhealthy"}]} | true | 0
            case matters for literals | {"detail-type":["guardduty runtime protection unhealthy"]} | false | 0
            wildcard | {"detail-type":[{"wildcard":"GuardDuty * Unhealthy"}]} | true | 0
            anything-but healthy | {"detail-type":[{"anything-but":"GuardDuty Runtime Protection Healthy"}]} | true | 0
            anything-but unhealthy | {"detail-type":[{"anything-but":["GuardDuty Runtime Protection Unhealthy"]}]} | false | 0
            anything-but prefix | {"source":[{"anything-but":{"prefix":"aws.guard"}}]} | false | 0
            exists | {"detail-type":[{"exists":true}]} | true | 0
            resource type EC2 | {"source":["aws.guardduty"],"detail":{"resourceDetails":{"resourceType":["EC2"]}}} | true | 0
            resource type EKS only | {"source":["aws.guardduty"],"detail":{"resourceDetails":{"resourceType":["EKS"]}}} | false | 0
            narrowed by unknown field | {"source":["aws.guardduty"],"detail":{"currentStatus":["UNHEALTHY"]}} | true | 1
            numeric never matches text | {"detail-type":[{"numeric":[">",0]}]} | false | 0
            """)
    void matches(String name, String pattern, boolean matches, int undecided) throws Exception {
        Value.Struct p = (Value.Struct) PolicyJson.parse(pattern, SourceLocation.ofFile("rule"));

        EventPattern.Match m = EventPattern.matches(p, UNHEALTHY);

        assertThat(m.matches()).as(String.valueOf(m.mismatch())).isEqualTo(matches);
        assertThat(m.undecidedFields()).hasSize(undecided);
    }
}
