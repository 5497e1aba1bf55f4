package dev.preflight.policy;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;
import dev.preflight.rule.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyDocumentTest {
    private static final SourceLocation AT = new SourceLocation("template.yaml", 12, 9);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not an object | [] | must be a JSON object
            no statement | {"Version":"2012-10-17"} | has no Statement
            statement string | {"Statement":"x"} | Statement must be an object or a list
            bad effect | {"Statement":{"Effect":"allow","Action":"*"}} | it must be Allow or Deny
            no effect | {"Statement":{"Action":"*"}} | has no Effect
            typo element | {"Statement":{"Effect":"Allow","Actions":"*"}} | unknown element "Actions"
            no action | {"Statement":{"Effect":"Allow","Resource":"*"}} | neither Action nor NotAction
            both actions | {"Statement":{"Effect":"Allow","Action":"*","NotAction":"s3:*"}} | both Action and NotAction
            action object | {"Statement":{"Effect":"Allow","Action":{"a":1}}} | must be a string or a list
            invalid json string | {"Statement": [} | not valid JSON
            """)
    void rejectsWhatAwsRejects(String name, String json, String message) {
        assertThatThrownBy(() -> PolicyDocument.from(new Value.Text(json, AT)))
                .isInstanceOf(PolicyFormatException.class).hasMessageContaining(message);
    }

    @Test
    void documentAsStructEqualsDocumentAsString() throws Exception {
        Value.Struct stmt = new Value.Struct(Map.of("Effect", new Value.Text("Deny", AT),
                "Action", new Value.Seq(List.of(new Value.Text("guardduty:*", AT)), AT)), AT);
        PolicyDocument fromStruct = PolicyDocument.from(new Value.Struct(Map.of("Statement", stmt), AT));
        PolicyDocument fromString = PolicyDocument.from(
                new Value.Text("{\"Statement\":{\"Effect\":\"Deny\",\"Action\":[\"guardduty:*\"]}}", AT));

        PolicyRequest r = PolicyRequest.telemetry(Optional.empty(), Optional.empty());
        assertThat(PolicyEvaluator.evaluate(List.of(fromStruct, ScpEvaluator.FULL_AWS_ACCESS), r).explicitDeny()).isTrue();
        assertThat(PolicyEvaluator.evaluate(List.of(fromString, ScpEvaluator.FULL_AWS_ACCESS), r).explicitDeny()).isTrue();
        assertThat(fromString.location()).isEqualTo(AT);
    }

    @Test
    void unknownConditionValueMakesTheDenyUndecidedNamingTheKey() throws Exception {
        Value account = new Value.Unknown(new UnknownOrigin.PseudoParameter("AWS::AccountId", "give --region or --account"), AT);
        Value.Struct deny = new Value.Struct(Map.of(
                "Effect", new Value.Text("Deny", AT),
                "Principal", new Value.Text("*", AT),
                "Action", new Value.Text("*", AT),
                "Resource", new Value.Text("*", AT),
                "Condition", new Value.Struct(Map.of("StringNotEquals",
                        new Value.Struct(Map.of("aws:PrincipalAccount", account), AT)), AT)), AT);
        Value.Struct allow = new Value.Struct(Map.of("Effect", new Value.Text("Allow", AT),
                "Principal", new Value.Text("*", AT), "Action", new Value.Text("*", AT),
                "Resource", new Value.Text("*", AT)), AT);
        PolicyDocument doc = PolicyDocument.from(new Value.Struct(Map.of("Statement",
                new Value.Seq(List.of(allow, deny), AT)), AT));

        PolicyDecision d = PolicyEvaluator.evaluate(doc,
                PolicyRequest.telemetry(Optional.empty(), Optional.of("111122223333")));

        assertThat(d.decision()).isEqualTo(PolicyDecision.Decision.UNKNOWN);
        assertThat(d.undecided()).isEqualTo("aws:PrincipalAccount");
        assertThat(d.reason()).contains("AWS::AccountId");
    }

    @Test
    void sourceReadsThePolicyOfEachScenarioAbsentAndUnknown() {
        Value doc = new Value.Text("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}", AT);
        Value cond = new Value.Conditional("UseStrictPolicy", doc, new Value.Absent(AT), AT);

        List<Scenario.Run<PolicySource.Reading>> runs = Scenario.explore(s -> PolicySource.read(cond, s));

        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).result()).isInstanceOf(PolicySource.Parsed.class);
        assertThat(runs.get(0).scenario().describe()).isEqualTo("when UseStrictPolicy is true");
        assertThat(runs.get(1).result()).isInstanceOf(PolicySource.Absent.class);
        assertThat(runs.get(1).scenario().describe()).isEqualTo("when UseStrictPolicy is false");
        Scenario any = Scenario.allTrue();
        assertThat(PolicySource.read(null, any)).isInstanceOf(PolicySource.Absent.class);
        assertThat(PolicySource.read(new Value.Unknown(
                new UnknownOrigin.KnownAfterApply("aws_vpc_endpoint.gd", "policy"), AT), any))
                .isInstanceOfSatisfying(PolicySource.Undecidable.class,
                        u -> assertThat(u.why()).contains("known after apply"));
        assertThat(PolicySource.read(new Value.Text("{nope", AT), any)).isInstanceOf(PolicySource.Invalid.class);
    }

    @Test
    void statementsUnderConditionsArePickedPerScenarioWithoutASilentLimit() {
        // 20 statements each under its own condition: 2^20 documents. The scenario explorer stops at its bound and
        // says so (the rule's verdict becomes UNKNOWN); no document list is cut at a fixed length.
        List<Value> items = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Value st = new Value.Struct(Map.of("Effect", new Value.Text("Deny", AT), "Action",
                    new Value.Text("guardduty:SendSecurityTelemetry", AT), "Resource", new Value.Text("*", AT)), AT);
            items.add(new Value.Conditional("C" + i, st, new Value.Absent(AT), AT));
        }
        Value doc = new Value.Struct(Map.of("Statement", new Value.Seq(items, AT)), AT);
        assertThat(Scenario.explore(s -> PolicySource.read(doc, s))).isNull();
        // with the conditions decided the same way, one document with exactly the statements that hold
        List<Scenario.Run<PolicySource.Reading>> two = Scenario.explore(s -> PolicySource.read(
                new Value.Struct(Map.of("Statement", new Value.Seq(items.subList(0, 1), AT)), AT), s));
        assertThat(two).hasSize(2);
        assertThat(((PolicySource.Parsed) two.get(0).result()).document().statements()).hasSize(1);
        assertThat(((PolicySource.Parsed) two.get(1).result()).document().statements()).isEmpty();
    }
}
