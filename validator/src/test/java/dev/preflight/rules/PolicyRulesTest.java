package dev.preflight.rules;

import dev.preflight.rules.policy.EndpointPolicyAllowsTelemetryRule;
import dev.preflight.rules.policy.ScpAllowsTelemetryRule;
import dev.preflight.rules.guardduty.DetectorRuntimeMonitoringRule;
import dev.preflight.rules.guardduty.CoverageChangesWatchedRule;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceText;
import dev.preflight.load.cloudformation.CloudFormationLoader;
import dev.preflight.load.scp.ScpFileLoader;
import dev.preflight.model.ResourceGraph;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.RunSettings;
import dev.preflight.rule.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GD006, GD008, GD011 and GD013 on templates read by the real CloudFormation loader (and SCP files by the real SCP
 * loader): the semantics the fixtures do not pin down one by one.
 */
class PolicyRulesTest {
    private static final String HEADER = "AWSTemplateFormatVersion: \"2010-09-09\"\n";

    private static List<RuleResult> run(Rule rule, Optional<String> region, Optional<String> account,
                                        Map<String, String> templates, Map<String, String> scps) {
        LoadOptions options = new LoadOptions(Map.of(), region, account);
        List<SourceText> t = new ArrayList<>();
        templates.forEach((name, text) -> t.add(new SourceText(name, Path.of(name), HEADER + text)));
        LoadedInputs loaded = new CloudFormationLoader(options).load(t, List.of(), Path::toString);
        List<SourceText> s = new ArrayList<>();
        scps.forEach((name, text) -> s.add(new SourceText(name, Path.of(name), text)));
        loaded = loaded.plus(new ScpFileLoader().load(s));
        assertThat(loaded.failures()).isEmpty();
        ResourceGraph graph = new ResourceGraph(loaded.inputs(), loaded.resources());
        return rule.evaluate(new RuleContext(graph, new RunSettings(region, account, LocalDate.of(2026, 11, 26))));
    }

    private static List<RuleResult> run(Rule rule, String template) {
        return run(rule, Optional.empty(), Optional.empty(), Map.of("t.yaml", template), Map.of());
    }

    private static RuleResult only(List<RuleResult> results, String id) {
        return results.stream().filter(r -> r.subject().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + id + " in " + results));
    }

    // ---- GD008 ----

    @Test
    void allowListScpPassesWhenAnotherScpAtTheSameTargetAllowsTelemetry() {
        List<RuleResult> r = run(new ScpAllowsTelemetryRule(), """
                Resources:
                  Compute:
                    Type: AWS::Organizations::Policy
                    Properties:
                      Name: compute
                      Type: SERVICE_CONTROL_POLICY
                      TargetIds: [ou-ab12-00000001]
                      Content: {Statement: [{Effect: Allow, Action: ["ec2:*"], Resource: "*"}]}
                  Security:
                    Type: AWS::Organizations::Policy
                    Properties:
                      Name: security
                      Type: SERVICE_CONTROL_POLICY
                      TargetIds: [ou-ab12-00000001]
                      Content: {Statement: [{Effect: Allow, Action: ["guardduty:*"], Resource: "*"}]}
                  Storage:
                    Type: AWS::Organizations::Policy
                    Properties:
                      Name: storage
                      Type: SERVICE_CONTROL_POLICY
                      TargetIds: [ou-ab12-00000002]
                      Content: {Statement: [{Effect: Allow, Action: ["s3:*"], Resource: "*"}]}
                """);

        assertThat(only(r, "Compute").verdict()).isEqualTo(Verdict.PASS);
        assertThat(only(r, "Compute").message()).contains("another SCP at OU ou-ab12-00000001 does");
        assertThat(only(r, "Security").verdict()).isEqualTo(Verdict.PASS);
        assertThat(only(r, "Storage").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(only(r, "Storage").message()).contains("allow-list", "OU ou-ab12-00000002");
    }

    @Test
    void conditionalContentTakesTheWorstBranchAndNamesTheCondition() {
        List<RuleResult> r = run(new ScpAllowsTelemetryRule(), """
                Parameters:
                  Strict: {Type: String, AllowedValues: ["yes", "no"]}
                Conditions:
                  IsStrict: !Equals [!Ref Strict, "yes"]
                Resources:
                  Guardrail:
                    Type: AWS::Organizations::Policy
                    Properties:
                      Name: guardrail
                      Type: SERVICE_CONTROL_POLICY
                      TargetIds: [r-ab12]
                      Content: !If
                        - IsStrict
                        - {Statement: [{Effect: Deny, Action: "guardduty:*", Resource: "*"}]}
                        - {Statement: [{Effect: Deny, Action: "guardduty:Delete*", Resource: "*"}]}
                """);

        RuleResult g = only(r, "Guardrail");
        assertThat(g.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(g.message()).contains("When IsStrict is true: ");
    }

    @Test
    void aStatementPresentOnlyUnderAConditionIsExpanded() {
        List<RuleResult> r = run(new ScpAllowsTelemetryRule(), """
                Parameters:
                  LockRegions: {Type: String, AllowedValues: ["true", "false"]}
                Conditions:
                  Locked: !Equals [!Ref LockRegions, "true"]
                Resources:
                  Guardrail:
                    Type: AWS::Organizations::Policy
                    Properties:
                      Name: guardrail
                      Type: SERVICE_CONTROL_POLICY
                      TargetIds: [r-ab12]
                      Content:
                        Version: "2012-10-17"
                        Statement:
                          - {Effect: Deny, Action: "organizations:LeaveOrganization", Resource: "*"}
                          - !If
                            - Locked
                            - {Effect: Deny, NotAction: ["iam:*"], Resource: "*"}
                            - !Ref AWS::NoValue
                """);

        RuleResult g = only(r, "Guardrail");
        assertThat(g.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(g.message()).contains("When Locked is true: ", "statement 2");
    }

    @Test
    void anUnknownPolicyTypeTurnsADenyIntoUnknown() {
        List<RuleResult> r = run(new ScpAllowsTelemetryRule(), """
                Parameters:
                  PolicyType: {Type: String}
                Resources:
                  Maybe:
                    Type: AWS::Organizations::Policy
                    Properties:
                      Name: maybe
                      Type: !Ref PolicyType
                      TargetIds: [r-ab12]
                      Content: {Statement: {Effect: Deny, Action: "*", Resource: "*"}}
                """);

        assertThat(only(r, "Maybe").verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(only(r, "Maybe").reason()).contains("Type");
    }

    @Test
    void aDenyOnAnotherAccountDoesNotApplyToTheRunAccountButAnOuTargetStillFails() {
        Map<String, String> t = Map.of("t.yaml", """
                Resources:
                  OtherAccount:
                    Type: AWS::Organizations::Policy
                    Properties:
                      Name: other
                      Type: SERVICE_CONTROL_POLICY
                      TargetIds: ["210987654321"]
                      Content: {Statement: {Effect: Deny, Action: "guardduty:*", Resource: "*"}}
                  SomeOu:
                    Type: AWS::Organizations::Policy
                    Properties:
                      Name: some-ou
                      Type: SERVICE_CONTROL_POLICY
                      TargetIds: [ou-ab12-00000009]
                      Content: {Statement: {Effect: Deny, Action: "guardduty:*", Resource: "*"}}
                """);

        List<RuleResult> r = run(new ScpAllowsTelemetryRule(), Optional.empty(), Optional.of("123456789012"), t, Map.of());

        assertThat(only(r, "OtherAccount").verdict()).isEqualTo(Verdict.PASS);
        assertThat(only(r, "OtherAccount").message()).contains("does not apply to account 123456789012");
        assertThat(only(r, "SomeOu").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(only(r, "SomeOu").message()).contains("whether account 123456789012 is among them is not visible");
    }

    @Test
    void scpFilesFormOneLevel() {
        String ec2Only = "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"ec2:*\", \"Resource\": \"*\"}}";
        String gd = "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"guardduty:Send*\", \"Resource\": \"*\"}}";

        List<RuleResult> alone = run(new ScpAllowsTelemetryRule(), Optional.empty(), Optional.empty(), Map.of(),
                Map.of("ec2.json", ec2Only));
        Map<String, String> both = new LinkedHashMap<>();
        both.put("ec2.json", ec2Only);
        both.put("gd.json", gd);
        List<RuleResult> together = run(new ScpAllowsTelemetryRule(), Optional.empty(), Optional.empty(), Map.of(), both);

        assertThat(only(alone, "ec2.json").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(only(together, "ec2.json").verdict()).isEqualTo(Verdict.PASS);
        assertThat(only(together, "gd.json").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void allowListAtAnUnknownTargetIsUnknown() {
        List<RuleResult> r = run(new ScpAllowsTelemetryRule(), """
                Parameters:
                  Target: {Type: String}
                Resources:
                  AllowList:
                    Type: AWS::Organizations::Policy
                    Properties:
                      Name: allow
                      Type: SERVICE_CONTROL_POLICY
                      TargetIds: [!Ref Target]
                      Content: {Statement: {Effect: Allow, Action: ["s3:*"], Resource: "*"}}
                """);

        assertThat(only(r, "AllowList").verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    // ---- GD006 ----

    @Test
    void endpointPolicyUnderAConditionIsJudgedOnItsWorstBranch() {
        List<RuleResult> r = run(new EndpointPolicyAllowsTelemetryRule(), """
                Parameters:
                  Lockdown: {Type: String, AllowedValues: ["true", "false"]}
                Conditions:
                  Locked: !Equals [!Ref Lockdown, "true"]
                Resources:
                  Endpoint:
                    Type: AWS::EC2::VPCEndpoint
                    Properties:
                      VpcId: vpc-0123456789abcdef0
                      ServiceName: com.amazonaws.eu-west-1.guardduty-data
                      VpcEndpointType: Interface
                      PolicyDocument: !If
                        - Locked
                        - {Statement: [{Effect: Allow, Principal: "*", Action: "s3:*", Resource: "*"}]}
                        - !Ref AWS::NoValue
                """);

        RuleResult e = only(r, "Endpoint");
        assertThat(e.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(e.message()).contains("When Locked is true: ", "no statement allows");
    }

    // ---- GD011 ----

    @Test
    void disabledDetectorFails() {
        List<RuleResult> r = run(new DetectorRuntimeMonitoringRule(), """
                Resources:
                  Detector:
                    Type: AWS::GuardDuty::Detector
                    Properties:
                      Enable: false
                      Features: [{Name: RUNTIME_MONITORING, Status: ENABLED}]
                """);

        assertThat(only(r, "Detector").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(only(r, "Detector").message()).contains("disabled");
    }

    @Test
    void eksRuntimeMonitoringAloneDoesNotCoverEc2() {
        List<RuleResult> r = run(new DetectorRuntimeMonitoringRule(), """
                Resources:
                  Detector:
                    Type: AWS::GuardDuty::Detector
                    Properties:
                      Enable: true
                      Features: [{Name: EKS_RUNTIME_MONITORING, Status: ENABLED}]
                """);

        assertThat(only(r, "Detector").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(only(r, "Detector").message()).contains("covers only EKS");
    }

    @Test
    void featureUnderAConditionIsNamed() {
        List<RuleResult> r = run(new DetectorRuntimeMonitoringRule(), """
                Parameters:
                  Env: {Type: String}
                Conditions:
                  IsProd: !Equals [!Ref Env, prod]
                Resources:
                  Detector:
                    Type: AWS::GuardDuty::Detector
                    Properties:
                      Enable: true
                      Features:
                        - !If
                          - IsProd
                          - Name: RUNTIME_MONITORING
                            Status: ENABLED
                            AdditionalConfiguration: [{Name: EC2_AGENT_MANAGEMENT, Status: ENABLED}]
                          - !Ref AWS::NoValue
                """);

        RuleResult d = only(r, "Detector");
        assertThat(d.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(d.message()).contains("IsProd is false");
    }

    @Test
    void excludedAndIncludedWorkloadsDoNotNeedTheAutomatedAgentButAnUnknownTagIsUnknown() {
        String detector = """
                  Detector:
                    Type: AWS::GuardDuty::Detector
                    Properties:
                      Enable: true
                      Features: [{Name: RUNTIME_MONITORING, Status: ENABLED}]
                  Excluded:
                    Type: AWS::EC2::Instance
                    Properties:
                      ImageId: ami-0abcdef1234567890
                      Tags: [{Key: GuardDutyManaged, Value: "false"}, {Key: GuardDutyExclusionReason, Value: batch}]
                  Included:
                    Type: AWS::EC2::Instance
                    Properties:
                      ImageId: ami-0abcdef1234567890
                      Tags: [{Key: GuardDutyManaged, Value: "true"}]
                """;
        List<RuleResult> known = run(new DetectorRuntimeMonitoringRule(), "Resources:\n" + detector);
        List<RuleResult> unknown = run(new DetectorRuntimeMonitoringRule(), """
                Parameters:
                  Managed: {Type: String}
                Resources:
                """ + detector + """
                  Maybe:
                    Type: AWS::EC2::Instance
                    Properties:
                      ImageId: ami-0abcdef1234567890
                      Tags: [{Key: GuardDutyManaged, Value: !Ref Managed}]
                """);

        assertThat(only(known, "Detector").verdict()).isEqualTo(Verdict.PASS);
        assertThat(only(known, "Detector").message()).contains("Included are tagged GuardDutyManaged=true");
        assertThat(only(unknown, "Detector").verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(only(unknown, "Detector").reason()).contains("Maybe");
    }

    @Test
    void noDetectorAndNoWorkloadsGivesNoResult() {
        assertThat(run(new DetectorRuntimeMonitoringRule(), """
                Resources:
                  Topic: {Type: AWS::SNS::Topic}
                """)).isEmpty();
    }

    // ---- GD013 ----

    @Test
    void aMatchingRuleMustBeEnabledAndHaveATarget() {
        String instance = """
                  App:
                    Type: AWS::EC2::Instance
                    Properties: {ImageId: ami-0abcdef1234567890}
                """;
        String pattern = "EventPattern: {source: [aws.guardduty], detail-type: [GuardDuty Runtime Protection Unhealthy]}";
        List<RuleResult> noTarget = run(new CoverageChangesWatchedRule(), "Resources:\n" + instance + """
                  Watch:
                    Type: AWS::Events::Rule
                    Properties:
                """ + "      " + pattern + "\n");
        List<RuleResult> disabled = run(new CoverageChangesWatchedRule(), "Resources:\n" + instance + """
                  Watch:
                    Type: AWS::Events::Rule
                    Properties:
                      State: DISABLED
                      Targets: [{Arn: arn:aws:sns:eu-west-1:123456789012:alerts, Id: sns}]
                """ + "      " + pattern + "\n");

        assertThat(only(noTarget, "t.yaml").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(only(noTarget, "t.yaml").message()).contains("no target");
        assertThat(only(disabled, "t.yaml").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(only(disabled, "t.yaml").message()).contains("DISABLED");
    }

    @Test
    void inputsWithoutWorkloadsGetNoCoverageWatchResult() {
        assertThat(run(new CoverageChangesWatchedRule(), """
                Resources:
                  Topic: {Type: AWS::SNS::Topic}
                """)).isEmpty();
    }
}
