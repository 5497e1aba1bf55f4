package dev.preflight.policy;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCP inheritance as a table. A path is written {@code level;level;...} from the root to the account; a level is
 * {@code name=policy+policy}, where a policy is one of the named documents below, {@code full} is FullAWSAccess
 * and a trailing {@code ?} marks a level whose attachments are not all visible.
 */
class ScpEvaluatorTableTest {
    private static final SourceLocation AT = new SourceLocation("scp.json", 1, 1);
    private static final Map<String, String> DOCS = Map.of(
            "allowGd", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"guardduty:*\",\"ec2:*\"],\"Resource\":\"*\"}}",
            "allowEc2", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"ec2:*\",\"s3:*\"],\"Resource\":\"*\"}}",
            "denyGd", "{\"Statement\":{\"Sid\":\"NoGd\",\"Effect\":\"Deny\",\"Action\":\"guardduty:*\",\"Resource\":\"*\"}}",
            "denyDelete", "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"guardduty:Delete*\",\"Resource\":\"*\"}}",
            "regionLock", "{\"Statement\":{\"Sid\":\"Region\",\"Effect\":\"Deny\",\"NotAction\":\"iam:*\",\"Resource\":\"*\","
                    + "\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"}}}}");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case | path | region | decision | deciding level
            deny list default | root=full;ou=full+denyDelete;acct=full | - | ALLOW | -
            deny at the root | root=full+denyGd;ou=full;acct=full | - | DENY | root
            deny at the account | root=full;ou=full;acct=full+denyGd | - | DENY | acct
            allow list at every level | root=allowGd;ou=allowGd;acct=allowGd | - | ALLOW | -
            allow list missing at the OU | root=allowGd;ou=allowEc2;acct=allowGd | - | DENY | ou
            allow list missing at the account | root=allowGd;ou=allowGd;acct=allowEc2 | - | DENY | acct
            allow list at OU, full elsewhere | root=full;ou=allowGd;acct=full | - | ALLOW | -
            allow list OU not fully visible | root=full;ou=allowEc2?;acct=full | - | UNKNOWN | ou
            deny still wins on a partial path | root=full;ou=allowEc2?;acct=full+denyGd | - | DENY | acct
            region lockdown undecided | root=full+regionLock;acct=full | - | UNKNOWN | root
            region lockdown decided allowed | root=full+regionLock;acct=full | eu-west-1 | ALLOW | -
            region lockdown decided denied | root=full+regionLock;acct=full | us-east-1 | DENY | root
            undecided deny and missing allow | root=full+regionLock;ou=allowEc2;acct=full | - | DENY | ou
            no policy at all | root=;acct=full | - | DENY | root
            """)
    void decides(String name, String path, String region, PolicyDecision.Decision decision, String level)
            throws Exception {
        List<ScpEvaluator.Level> levels = new ArrayList<>();
        for (String spec : path.split(";")) {
            String[] kv = spec.split("=", -1);
            boolean complete = !kv[1].endsWith("?");
            String list = kv[1].replace("?", "");
            boolean full = false;
            List<PolicyDocument> docs = new ArrayList<>();
            for (String p : list.isEmpty() ? new String[0] : list.split("\\+")) {
                if (p.equals("full")) {
                    full = true;
                } else {
                    docs.add(PolicyDocument.from(new Value.Text(DOCS.get(p), AT)));
                }
            }
            levels.add(new ScpEvaluator.Level(kv[0], docs, full, complete));
        }

        ScpEvaluator.Outcome o = ScpEvaluator.evaluate(levels,
                PolicyRequest.telemetry(Optional.ofNullable(region), Optional.empty()));

        assertThat(o.decision()).as(o.reason()).isEqualTo(decision);
        assertThat(o.level() == null ? null : o.level().name()).as(o.reason()).isEqualTo(level);
        assertThat(o.reason()).isNotBlank();
    }
}
