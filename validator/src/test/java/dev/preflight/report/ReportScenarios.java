package dev.preflight.report;

import dev.preflight.coverage.ConsoleStatus;
import dev.preflight.coverage.CoverageReport;
import dev.preflight.coverage.InstanceCount;
import dev.preflight.coverage.WorkloadCoverage;
import dev.preflight.engine.InputStatus;
import dev.preflight.engine.RunOutcome;
import dev.preflight.load.InputFailure;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.rule.NetworkPath;
import dev.preflight.rule.NetworkPath.Kind;
import dev.preflight.rule.NetworkPath.Status;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.ConsoleEffect;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;
import dev.preflight.rule.Waiver;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Outcomes built directly, for report tests that need every kind of result (the rule pack decides what the
 * samples produce; these do not depend on it): the seed incident's shape, and one full of hostile text.
 */
final class ReportScenarios {
    static final String NETWORK = "samples/cloudformation/incident/network.yaml";
    static final String APP = "samples/cloudformation/incident/app.yaml";
    static final String ORG = "samples/cloudformation/incident/organization.yaml";
    static final OffsetDateTime STARTED = OffsetDateTime.of(2026, 11, 26, 14, 0, 0, 0, ZoneOffset.UTC);

    private ReportScenarios() {
    }

    static RuleMetadata rule(String id, String title, Severity severity) {
        return RuleMetadata.rule(id).title(title).severity(severity)
                .unhealthy(ConsoleEffect.Stage.TELEMETRY, ConsoleEffect.NO_AGENT_REPORTING, null)
                .text("Why " + id + " matters: the agent needs this path.", "Add `SecurityGroupIngress` for TCP 443.",
                        "Use `endpoint.connections.allowDefaultPortFrom(asg)`.", "Add an `aws_vpc_security_group_ingress_rule`.")
                .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring.html")
                .tags("guardduty", "network").build();
    }

    static Subject subject(String file, String id, String type, int line) {
        return new Subject(new ResourceKey(file, id), type, new SourceLocation(file, line, 3), null);
    }

    /** The seed incident: an endpoint security group that does not admit the workload, and friends. */
    static RunOutcome incident() {
        RuleMetadata gd001 = rule("GD001", "VPC DNS attributes", Severity.ERROR);
        RuleMetadata gd002 = rule("GD002", "Data endpoint admits the workload", Severity.ERROR);
        RuleMetadata gd007 = rule("GD007", "Exclusion tags are intentional", Severity.ERROR);
        RuleMetadata gd010 = rule("GD010", "Workload is SSM-managed", Severity.WARNING);
        RuleMetadata gd013 = rule("GD013", "Coverage changes are watched", Severity.INFO);
        Subject app = subject(APP, "AppGroup", "AWS::AutoScaling::AutoScalingGroup", 52);
        Subject batch = subject(APP, "BatchHost", "AWS::EC2::Instance", 63);
        Subject vpc = subject(NETWORK, "Vpc", "AWS::EC2::VPC", 16);
        List<RuleResult> results = List.of(
                gd001.pass(vpc, "Vpc enables DNS support and DNS hostnames"),
                gd002.fail(app, "no ingress rule of EndpointSecurityGroup admits TCP 443 from AppGroup (AppSecurityGroup)",
                        new RelatedLocation("AppSecurityGroup", new SourceLocation(APP, 30, 3), "security group of AppGroup"),
                        new RelatedLocation("GuardDutyDataEndpoint", new SourceLocation(NETWORK, 55, 3), "GuardDuty data endpoint"),
                        new RelatedLocation("EndpointSecurityGroup", new SourceLocation(NETWORK, 40, 3),
                                "endpoint security group: no ingress from AppSecurityGroup on TCP 443"))
                        .withPaths(List.of(new NetworkPath(List.of(
                                hop(Kind.WORKLOAD, "AppGroup", APP, 52, Status.OK, null),
                                hop(Kind.SECURITY_GROUP, "AppSecurityGroup", APP, 30, Status.NOT_CHECKED, null),
                                hop(Kind.SUBNET, "PrivateSubnetA", NETWORK, 25, Status.NOT_CHECKED, null),
                                new NetworkPath.Hop(Kind.NETWORK_ACL, null, "the default network ACL of Vpc", null,
                                        Status.NOT_CHECKED, null),
                                hop(Kind.ENDPOINT_SECURITY_GROUP, "EndpointSecurityGroup", NETWORK, 40, Status.FAILS,
                                        "EndpointSecurityGroup admits TCP 443 only from BastionSecurityGroup"),
                                hop(Kind.ENDPOINT, "GuardDutyDataEndpoint", NETWORK, 55, Status.NOT_CHECKED, null))))),
                gd002.pass(batch, "EndpointSecurityGroup admits BatchHost"),
                gd007.fail(batch, "BatchHost carries GuardDutyManaged=false").withWaiver(
                        new Waiver("batch hosts run short jobs; covered by host IDS", LocalDate.of(2027, 3, 31), ".preflight.yaml:4")),
                gd010.unknown(app, "cannot tell whether AppGroup's role grants the SSM core permissions",
                        "parameter InstanceRoleArn has no value or default"),
                gd013.fail(Subject.ofInput(ORG), "no EventBridge rule watches GuardDuty Runtime Protection Unhealthy")
                        .withSeverity(Severity.INFO),
                gd001.notApplicable(subject(ORG, "Org", "AWS::Organizations::Policy", 3), "not a VPC"));
        CoverageReport coverage = CoverageReport.of(List.of(
                new WorkloadCoverage(app, ConsoleStatus.UNHEALTHY, "No Agent Reporting",
                        "the agent cannot reach the guardduty-data endpoint", List.of("GD002"), InstanceCount.exactly(3, "DesiredCapacity 3")),
                new WorkloadCoverage(batch, ConsoleStatus.EXCLUDED, "Agent Not Provisioned",
                        "GuardDutyManaged=false", List.of("GD007"), InstanceCount.exactly(1, "instance"))),
                List.of("Runtime Monitoring is enabled in the account"));
        List<InputStatus> inputs = List.of(
                new InputStatus(APP, "cloudformation", 6, null, null),
                new InputStatus(NETWORK, "cloudformation", 6, null, null),
                new InputStatus(ORG, "cloudformation", 1, null, null),
                new InputStatus("notes/pod.yaml", null, 0, "not a CloudFormation template (no Resources)", null));
        return new RunOutcome("0.1.0-test", STARTED, inputs, results, coverage,
                List.of(gd001, gd002, gd007, gd010, gd013), List.of(), List.of());
    }

    /** The incident plus an input that could not be read. */
    static NetworkPath.Hop hop(Kind kind, String id, String file, int line, Status status, String reason) {
        return new NetworkPath.Hop(kind, id, id, new SourceLocation(file, line, 3), status, reason);
    }

    static RunOutcome incidentWithBrokenInput() {
        RunOutcome o = incident();
        List<InputStatus> inputs = new java.util.ArrayList<>(o.inputs());
        inputs.add(new InputStatus("broken.json", null, 0, null, "broken.json:1:20: unexpected character '}'"));
        return new RunOutcome(o.toolVersion(), o.startedAt(), inputs, o.results(), o.coverage(), o.rules(),
                List.of(new InputFailure("broken.json", 1, 20, "unexpected character '}'")), List.of());
    }

    /** Every user-controlled string carries {@code hostile}. */
    static RunOutcome hostile(String hostile) {
        String file = "infra/" + hostile + ".yaml";
        RuleMetadata gd002 = RuleMetadata.rule("GD002").title("Data endpoint " + hostile).severity(Severity.ERROR)
                .unhealthy(ConsoleEffect.Stage.TELEMETRY, ConsoleEffect.NO_AGENT_REPORTING, hostile)
                .text("rationale " + hostile, "fix `" + hostile + "`", "cdk " + hostile, "tf " + hostile)
                .documentation("https://docs.aws.amazon.com/guardduty/").tags("tag" + hostile).build();
        RuleMetadata gd010 = RuleMetadata.rule("GD010").title("SSM " + hostile).severity(Severity.WARNING)
                .text(hostile, null, null, null).build();
        Subject s = new Subject(new ResourceKey(file, hostile), "AWS::EC2::Instance", new SourceLocation(file, 7, 3), hostile);
        List<RuleResult> results = List.of(
                gd002.fail(s, "message " + hostile, new RelatedLocation("Sg" + hostile, new SourceLocation(file, 9, 5), "related " + hostile))
                        .withPaths(List.of(new NetworkPath(List.of(hop(Kind.WORKLOAD, hostile, file, 7, Status.OK, null),
                                hop(Kind.ENDPOINT_SECURITY_GROUP, "Sg" + hostile, file, 9, Status.FAILS, "hop " + hostile))))),
                gd010.unknown(s, "unknown " + hostile, "reason " + hostile),
                gd002.fail(new Subject(new ResourceKey(file, "W" + hostile), "AWS::EC2::Instance", new SourceLocation(file, 20, 3), null),
                        "waived " + hostile).withWaiver(new Waiver("because " + hostile, LocalDate.of(2027, 1, 1), "Metadata of " + hostile)),
                gd002.pass(new Subject(new ResourceKey(file, "P" + hostile), "AWS::EC2::Instance", new SourceLocation(file, 30, 3), null),
                        "pass " + hostile));
        CoverageReport coverage = CoverageReport.of(List.of(new WorkloadCoverage(s, ConsoleStatus.UNHEALTHY,
                "No Agent Reporting", "explanation " + hostile, List.of("GD002"),
                new InstanceCount(null, null, "DesiredCapacity", "DesiredCapacity is " + hostile))), List.of("assume " + hostile));
        return new RunOutcome("0.1.0-" + hostile, STARTED, List.of(new InputStatus(file, "cloudformation", 3, null, null),
                new InputStatus("skip" + hostile, null, 0, "skipped " + hostile, null)),
                results, coverage, List.of(gd002, gd010),
                List.of(new InputFailure("bad" + hostile, 2, 3, "error " + hostile)), List.of("fault " + hostile));
    }

    /** The outcome as the engine hands it over with {@code --baseline}: acceptance decided against {@code b}. */
    static RunOutcome againstBaseline(RunOutcome o, dev.preflight.engine.Baseline b) {
        var decided = new dev.preflight.engine.Acceptance(List.of(), List.of(), b, () -> LocalDate.of(2026, 11, 26))
                .decide(o.results(), java.util.Set.of());
        return new RunOutcome(o.toolVersion(), o.startedAt(), o.inputs(), decided.results(), o.coverage(), o.rules(),
                o.failures(), o.faults(), b.source(), decided.warnings());
    }
}
