package dev.preflight.policy;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluator's semantics as a table: one policy document (JSON, parsed by {@link PolicyJson}), the run's
 * {@code --region}/{@code --account}, the expected decision for {@code guardduty:SendSecurityTelemetry}, the
 * deciding statement's Sid (or - for implicit deny) and, for UNKNOWN, the undecided key.
 */
class PolicyEvaluatorTableTest {
    private static final SourceLocation AT = new SourceLocation("policy.json", 1, 1);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case | policy | region | account | decision | sid | undecided
            allow star | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"}]} | - | - | ALLOW | A | -
            allow guardduty:* | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"guardduty:*","Resource":"*"}]} | - | - | ALLOW | A | -
            allow exact action | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"guardduty:SendSecurityTelemetry","Resource":"*"}]} | - | - | ALLOW | A | -
            action case-insensitive | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"GuardDuty:Send*","Resource":"*"}]} | - | - | ALLOW | A | -
            question mark wildcard | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"guardduty:Send?ecurityTelemetry","Resource":"*"}]} | - | - | ALLOW | A | -
            star in the middle | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"guardduty:*Telemetry","Resource":"*"}]} | - | - | ALLOW | A | -
            question mark too many | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"guardduty:Send?Telemetry","Resource":"*"}]} | - | - | DENY | - | -
            ec2 star does not match | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"ec2:*","Resource":"*"}]} | - | - | DENY | - | -
            prefix of service does not match | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"guard:*","Resource":"*"}]} | - | - | DENY | - | -
            empty statement list | {"Statement":[]} | - | - | DENY | - | -
            statement as object | {"Statement":{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"}} | - | - | ALLOW | A | -
            action list | {"Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:*","guardduty:SendSecurityTelemetry"],"Resource":"*"}]} | - | - | ALLOW | A | -
            deny guardduty:* | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"guardduty:*","Resource":"*"}]} | - | - | DENY | D | -
            deny beats allow regardless of order | {"Statement":[{"Sid":"D","Effect":"Deny","Action":"guardduty:send*","Resource":"*"},{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"}]} | - | - | DENY | D | -
            deny other action | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":["guardduty:DeleteDetector","guardduty:Disassociate*"],"Resource":"*"}]} | - | - | ALLOW | A | -
            allow NotAction excluding guardduty | {"Statement":[{"Sid":"A","Effect":"Allow","NotAction":"guardduty:*","Resource":"*"}]} | - | - | DENY | - | -
            allow NotAction excluding iam | {"Statement":[{"Sid":"A","Effect":"Allow","NotAction":["iam:*"],"Resource":"*"}]} | - | - | ALLOW | A | -
            deny NotAction without exemption | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*"}]} | - | - | DENY | D | -
            deny NotAction exempting guardduty | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","NotAction":["iam:*","guardduty:*"],"Resource":"*"}]} | - | - | ALLOW | A | -
            region lockdown region unknown | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"Region","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}]} | - | - | UNKNOWN | Region | aws:RequestedRegion
            region lockdown in allowed region | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"Region","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}]} | eu-west-1 | - | ALLOW | A | -
            region lockdown in other region | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"Region","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}]} | us-east-1 | - | DENY | Region | -
            region lockdown exempting guardduty | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"Region","Effect":"Deny","NotAction":["iam:*","guardduty:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]} | us-east-1 | - | ALLOW | A | -
            condition key name case-insensitive | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"Region","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"AWS:requestedregion":"eu-west-1"}}}]} | us-east-1 | - | DENY | Region | -
            region and principal arn both needed | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"Region","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"},"ArnNotLike":{"aws:PrincipalARN":"arn:aws:iam::*:role/Admin"}}}]} | us-east-1 | - | UNKNOWN | Region | aws:PrincipalARN
            region decides false before principal arn | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"Region","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"},"ArnNotLike":{"aws:PrincipalARN":"arn:aws:iam::*:role/Admin"}}}]} | eu-west-1 | - | ALLOW | A | -
            StringNotEqualsIfExists undecided | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:RequestedRegion":"eu-west-1"}}}]} | - | - | UNKNOWN | D | aws:RequestedRegion
            StringLike region | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:RequestedRegion":"us-*"}}}]} | us-east-2 | - | DENY | D | -
            StringNotLike region | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotLike":{"aws:RequestedRegion":"eu-*"}}}]} | eu-north-1 | - | ALLOW | A | -
            StringEquals is case-sensitive | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"EU-WEST-1"}}}]} | eu-west-1 | - | ALLOW | A | -
            StringEqualsIgnoreCase | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"aws:RequestedRegion":"EU-WEST-1"}}}]} | eu-west-1 | - | DENY | D | -
            ForAnyValue StringEquals | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:RequestedRegion":["ap-east-1","eu-west-1"]}}}]} | eu-west-1 | - | DENY | D | -
            ForAllValues StringNotEquals | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","Resource":"*","Condition":{"ForAllValues:StringNotEquals":{"aws:RequestedRegion":["ap-east-1"]}}}]} | eu-west-1 | - | DENY | D | -
            endpoint policy account unknown | {"Statement":[{"Sid":"A","Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"111122223333"}}}]} | - | - | UNKNOWN | D | aws:PrincipalAccount
            endpoint policy own account | {"Statement":[{"Sid":"A","Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"111122223333"}}}]} | - | 111122223333 | ALLOW | A | -
            endpoint policy other account | {"Statement":[{"Sid":"A","Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":["111122223333","444455556666"]}}}]} | - | 999988887777 | DENY | D | -
            endpoint policy account list | {"Statement":[{"Sid":"A","Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":["111122223333","444455556666"]}}}]} | - | 444455556666 | ALLOW | A | -
            endpoint policy org id | {"Statement":[{"Sid":"A","Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]} | - | 111122223333 | UNKNOWN | D | aws:PrincipalOrgID
            allow only under org id | {"Statement":[{"Sid":"A","Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]} | - | - | UNKNOWN | A | aws:PrincipalOrgID
            principal arn like admin | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"guardduty:*","Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin"}}}]} | - | - | UNKNOWN | D | aws:PrincipalArn
            principal account variable | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotLike":{"aws:PrincipalAccount":"${aws:PrincipalAccount}"}}}]} | - | 111122223333 | ALLOW | A | -
            principal is the account | {"Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"guardduty:*","Resource":"*"}]} | - | 111122223333 | ALLOW | A | -
            principal is another account | {"Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":["222233334444"]},"Action":"guardduty:*","Resource":"*"}]} | - | 111122223333 | DENY | - | -
            principal account unknown | {"Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":"222233334444"},"Action":"guardduty:*","Resource":"*"}]} | - | - | UNKNOWN | A | Principal
            principal service only | {"Statement":[{"Sid":"A","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"*","Resource":"*"}]} | - | - | DENY | - | -
            principal star struct | {"Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}]} | - | - | ALLOW | A | -
            specific resource | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"guardduty:*","Resource":"arn:aws:guardduty:us-east-1:111122223333:detector/abc"}]} | - | - | UNKNOWN | A | Resource
            deny specific resource | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"guardduty:*","Resource":["arn:aws:guardduty:*:*:detector/*"]}]} | - | - | UNKNOWN | D | Resource
            resource list with star | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"guardduty:*","Resource":["arn:aws:s3:::b","*"]}]} | - | - | ALLOW | A | -
            NotResource star matches nothing | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","NotResource":"*"}]} | - | - | ALLOW | A | -
            NotResource specific | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","NotResource":"arn:aws:s3:::logs/*"}]} | - | - | UNKNOWN | D | NotResource
            no resource element (SCP) | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*"},{"Sid":"D","Effect":"Deny","Action":"guardduty:*"}]} | - | - | DENY | D | -
            Bool condition unknown key | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:ViaAWSService":"false"}}}]} | - | - | UNKNOWN | D | aws:ViaAWSService
            Null condition on known key | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","Resource":"*","Condition":{"Null":{"aws:RequestedRegion":"true"}}}]} | us-east-1 | - | ALLOW | A | -
            unsupported operator on known key | {"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"aws:RequestedRegion":"3"}}}]} | us-east-1 | - | UNKNOWN | D | aws:RequestedRegion
            unknown deny but no allow at all | {"Statement":[{"Sid":"D","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]} | - | - | DENY | - | -
            lower-case element names | {"statement":[{"sid":"A","effect":"Allow","action":"*","resource":"*"}]} | - | - | ALLOW | A | -
            """)
    void decides(String name, String policy, String region, String account, PolicyDecision.Decision decision,
                 String sid, String undecided) throws Exception {
        PolicyDocument doc = PolicyDocument.from(new Value.Text(policy, AT));
        PolicyRequest request = PolicyRequest.telemetry(Optional.ofNullable(region), Optional.ofNullable(account));

        PolicyDecision d = PolicyEvaluator.evaluate(doc, request);

        assertThat(d.decision()).as(d.reason()).isEqualTo(decision);
        assertThat(d.statement() == null ? null : d.statement().sid()).as(d.reason()).isEqualTo(sid);
        assertThat(d.undecided()).as(d.reason()).isEqualTo(undecided);
        assertThat(d.reason()).isNotBlank();
        if (undecided != null) {
            assertThat(d.reason()).contains(undecided);
        }
    }
}
