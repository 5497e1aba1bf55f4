package dev.preflight.companion;

import dev.preflight.config.PreflightConfig;
import dev.preflight.engine.PreflightEngine;
import dev.preflight.engine.RunOutcome;
import dev.preflight.engine.RunRequest;
import dev.preflight.load.LoadOptions;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.RunSettings;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;
import dev.preflight.rule.Verdict;
import dev.preflight.rules.BuiltInRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** cfn-lint as a real process beside the built-in rules, and every way it can go wrong. */
class CfnLintTest {
    static final String BAD_TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              Unused:
                Type: String
            Resources:
              Vpc:
                Type: AWS::EC2::VPC
                Properties:
                  CidrBlock: 10.0.0.0/16
                  EnableDnsSupport: notabool
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: !Ref Missing
            """;
    static final String CLEAN_TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Vpc:
                Type: AWS::EC2::VPC
                Properties:
                  CidrBlock: 10.0.0.0/16
                  EnableDnsSupport: true
                  EnableDnsHostnames: true
            """;

    @TempDir
    Path dir;

    private RunOutcome run(CompanionSettings companions, Optional<String> region, Path... paths) {
        RunRequest request = new RunRequest(List.of(paths), List.of(), dir,
                new LoadOptions(Map.of(), region, Optional.empty()),
                new RunSettings(region, Optional.empty(), LocalDate.of(2026, 1, 1)), PreflightConfig.defaults(),
                companions);
        return new PreflightEngine(BuiltInRules.all(), "test").run(request);
    }

    private static CompanionSettings with(CfnLintMode mode, Map<String, String> env, Duration timeout) {
        return new CompanionSettings(mode, timeout, List.of(), Optional.empty(), CompanionSettings.DEFAULT_OPA_TIMEOUT, env);
    }

    /** The real cfn-lint, named through PREFLIGHT_CFN_LINT so the test does not depend on PATH order. */
    private static CompanionSettings realCfnLint(CfnLintMode mode) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(CfnLint.VARIABLE, RequiredTool.cfnLint().toString());
        return with(mode, env, Duration.ofSeconds(300));
    }

    private static Map<String, String> pathOnly(Path... dirs) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", String.join(":", java.util.Arrays.stream(dirs).map(Path::toString).toList()));
        return env;
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static List<RuleResult> cfnLintResults(RunOutcome o) {
        return o.results().stream().filter(r -> r.ruleId().startsWith("cfn-lint:")).toList();
    }

    private static boolean hasBuiltInResults(RunOutcome o) {
        return o.results().stream().anyMatch(r -> r.ruleId().startsWith("GD"));
    }

    @Test
    void realFindingsKeepCfnLintsPositionsAndNameTheirResources() throws IOException {
        Path t = write("stack/bad.yaml", BAD_TEMPLATE);
        RunOutcome o = run(realCfnLint(CfnLintMode.ON), Optional.of("us-east-1"), t);

        assertThat(o.faults()).isEmpty();
        RuleResult type = cfnLintResults(o).stream().filter(r -> r.ruleId().equals("cfn-lint:E3012")).findFirst().orElseThrow();
        assertThat(type.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(type.severity()).isEqualTo(Severity.ERROR);
        assertThat(type.subject().id()).isEqualTo("Vpc");
        assertThat(type.subject().type()).isEqualTo("AWS::EC2::VPC");
        assertThat(type.subject().location().toString()).isEqualTo("stack/bad.yaml:10:7");
        assertThat(type.message()).contains("notabool");

        RuleResult ref = cfnLintResults(o).stream().filter(r -> r.ruleId().equals("cfn-lint:E1020")).findFirst().orElseThrow();
        assertThat(ref.subject().id()).isEqualTo("Bucket");
        assertThat(ref.subject().location().toString()).isEqualTo("stack/bad.yaml:14:7");

        RuleResult unused = cfnLintResults(o).stream().filter(r -> r.ruleId().equals("cfn-lint:W2001")).findFirst().orElseThrow();
        assertThat(unused.severity()).isEqualTo(Severity.WARNING);
        assertThat(unused.subject().type()).isEqualTo(Subject.INPUT_TYPE);
        assertThat(unused.subject().location().line()).isEqualTo(3);

        RuleMetadata meta = o.rules().stream().filter(m -> m.id().equals("cfn-lint:E3012")).findFirst().orElseThrow();
        assertThat(meta.title()).isNotBlank();
        assertThat(meta.documentationUrl()).startsWith("https://");
        assertThat(o.rules()).filteredOn(m -> m.id().equals("cfn-lint:E3012")).hasSize(1);
        assertThat(hasBuiltInResults(o)).isTrue();
    }

    @Test
    void aCleanTemplateAddsNoFindingAndNoFault() throws IOException {
        Path t = write("clean.yaml", CLEAN_TEMPLATE);
        RunOutcome o = run(realCfnLint(CfnLintMode.ON), Optional.empty(), t);
        assertThat(o.faults()).isEmpty();
        assertThat(cfnLintResults(o)).isEmpty();
        assertThat(hasBuiltInResults(o)).isTrue();
    }

    @Test
    void withOneJobEveryTemplateOfTheRunGoesToOneCfnLintWithTheRegion() throws IOException, InterruptedException {
        Path assembly = dir.resolve("cdk.out");
        Path source = Path.of("src/test/resources/load/cdk/assembly");
        Files.createDirectories(assembly);
        try (var files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, assembly.resolve(f.getFileName()));
            }
        }
        Path t = write("plain.yaml", CLEAN_TEMPLATE);
        Path args = dir.resolve("args.txt");
        Path fake = FakeTool.script(dir.resolve("bin"), "cfn-lint",
                "for a in \"$@\"; do echo \"$a\" >> '" + args + "'; done\necho '[]'");
        RunOutcome o = run(with(CfnLintMode.AUTO, pathOnly(fake.getParent()), Duration.ofSeconds(60)).withCfnLintJobs(1),
                Optional.of("eu-west-1"), t, assembly);

        assertThat(o.faults()).isEmpty();
        List<String> given = Files.readAllLines(args);
        assertThat(given.subList(0, 5)).containsExactly("--format", "json", "--regions", "eu-west-1", "--");
        assertThat(given.subList(5, given.size())).containsExactlyInAnyOrder(
                t.toString(),
                assembly.resolve("App.template.json").toString(),
                assembly.resolve("Network.template.json").toString(),
                assembly.resolve("NetworkNested.nested.template.json").toString());
    }

    @Test
    void jobsSplitTheTemplatesIntoBatchesOfAboutEqualSizeEachInOneProcess() throws IOException {
        Path args = dir.resolve("args");
        Files.createDirectories(args);
        // each process writes its own file of arguments
        Path fake = FakeTool.script(dir.resolve("bin"), "cfn-lint",
                "f=$(mktemp '" + args + "/XXXXXX'); for a in \"$@\"; do echo \"$a\" >> \"$f\"; done\necho '[]'");
        Path big = write("big.yaml", CLEAN_TEMPLATE + "# " + "x".repeat(4000) + "\n");
        Path a = write("a.yaml", CLEAN_TEMPLATE);
        Path b = write("b.yaml", CLEAN_TEMPLATE);
        Path c = write("c.yaml", CLEAN_TEMPLATE);
        RunOutcome o = run(with(CfnLintMode.ON, pathOnly(fake.getParent(), Path.of("/usr/bin"), Path.of("/bin")),
                Duration.ofSeconds(60)).withCfnLintJobs(2), Optional.empty(), a, big, b, c);

        assertThat(o.faults()).isEmpty();
        List<List<String>> batches = new java.util.ArrayList<>();
        try (var files = Files.list(args)) {
            for (Path f : files.toList()) {
                List<String> given = Files.readAllLines(f);
                assertThat(given.subList(0, 3)).containsExactly("--format", "json", "--");
                batches.add(given.subList(3, given.size()));
            }
        }
        // the big template alone; the three small ones together, in the run's order
        assertThat(batches).containsExactlyInAnyOrder(List.of(big.toString()),
                List.of(a.toString(), b.toString(), c.toString()));
    }

    @Test
    void batchesScaleTheirTimeLimitWithTheirSize() throws IOException {
        Path small = write("small.yaml", CLEAN_TEMPLATE);
        Path large = write("large.yaml", CLEAN_TEMPLATE + "# " + "x".repeat(3 << 20) + "\n");
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put(small.toString(), "small.yaml");
        files.put(large.toString(), "large.yaml");
        List<CfnLint.Batch> batches = CfnLint.batches(files, 4, Duration.ofSeconds(10));
        assertThat(batches).hasSize(2);
        assertThat(batches).filteredOn(x -> x.files().containsKey(small.toString()))
                .singleElement().extracting(CfnLint.Batch::limit).isEqualTo(Duration.ofSeconds(10));
        assertThat(batches).filteredOn(x -> x.files().containsKey(large.toString()))
                .singleElement().extracting(CfnLint.Batch::limit).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void severalRealCfnLintProcessesReportWhatOneReports() throws IOException {
        List<Path> templates = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            templates.add(write("t" + i + ".yaml", i % 2 == 0 ? BAD_TEMPLATE : CLEAN_TEMPLATE));
        }
        templates.add(Path.of("../samples/cloudformation/incident/app.yaml"));
        templates.add(Path.of("../samples/cloudformation/incident/network.yaml"));
        Path[] paths = templates.toArray(Path[]::new);
        RunOutcome one = run(realCfnLint(CfnLintMode.ON).withCfnLintJobs(1), Optional.of("us-east-1"), paths);
        RunOutcome three = run(realCfnLint(CfnLintMode.ON).withCfnLintJobs(3), Optional.of("us-east-1"), paths);
        assertThat(one.faults()).isEmpty();
        assertThat(cfnLintResults(one)).hasSizeGreaterThan(5);
        assertThat(three.faults()).isEmpty();
        assertThat(three.results()).isEqualTo(one.results());
        assertThat(three.rules()).isEqualTo(one.rules());
    }

    @Test
    void cfnLintMessagesAreTheSameFromRunToRun() throws IOException {
        // E3019 prints the duplicates as a Python set, whose order follows the per-process string hash: four
        // resources have 24 orders, so three runs agree by chance once in 576 without a fixed PYTHONHASHSEED
        StringBuilder t = new StringBuilder("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n");
        for (String id : List.of("StageA", "StageB", "StageC", "StageD")) {
            t.append("  ").append(id).append(":\n    Type: AWS::ApiGateway::Stage\n")
                    .append("    Properties: {RestApiId: api1, StageName: prod, DeploymentId: d1}\n");
        }
        Path dup = write("duplicates.yaml", t.toString());
        List<String> messages = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RunOutcome o = run(realCfnLint(CfnLintMode.ON), Optional.of("us-east-1"), dup);
            assertThat(o.faults()).isEmpty();
            String m = cfnLintResults(o).stream().filter(r -> r.ruleId().equals("cfn-lint:E3019"))
                    .map(r -> r.message()).findFirst().orElseThrow(() -> new AssertionError("no E3019: " + o.results()));
            messages.add(m);
        }
        assertThat(messages.get(0)).contains("StageA", "StageD");
        assertThat(messages).containsOnly(messages.get(0));
    }

    @Test
    void missingCfnLintIsAFaultWhenRequiredAndSilentlyUnusedOnAuto() throws IOException {
        Path t = write("clean.yaml", CLEAN_TEMPLATE);
        Path empty = Files.createDirectories(dir.resolve("empty-bin"));

        RunOutcome on = run(with(CfnLintMode.ON, pathOnly(empty), Duration.ofSeconds(10)), Optional.empty(), t);
        assertThat(on.faults()).singleElement().asString()
                .startsWith("--cfn-lint on was given but cfn-lint is not available: no cfn-lint on PATH")
                .contains("pip install cfn-lint").contains("--cfn-lint off");
        assertThat(on.incomplete()).isTrue();
        assertThat(hasBuiltInResults(on)).isTrue();

        RunOutcome auto = run(with(CfnLintMode.AUTO, pathOnly(empty), Duration.ofSeconds(10)), Optional.empty(), t);
        assertThat(auto.faults()).isEmpty();
        assertThat(cfnLintResults(auto)).isEmpty();

        Map<String, String> wrong = pathOnly(empty);
        wrong.put(CfnLint.VARIABLE, dir.resolve("nowhere/cfn-lint").toString());
        RunOutcome named = run(with(CfnLintMode.AUTO, wrong, Duration.ofSeconds(10)), Optional.empty(), t);
        assertThat(named.faults()).singleElement().asString()
                .contains("PREFLIGHT_CFN_LINT=" + dir.resolve("nowhere/cfn-lint") + " is not an executable file");
    }

    @Test
    void aCrashIsOneLineWithTheLastErrorLineNotTheTraceback() throws IOException {
        Path t = write("clean.yaml", CLEAN_TEMPLATE);
        Path fake = FakeTool.script(dir.resolve("bin"), "cfn-lint", """
                echo 'Traceback (most recent call last):' >&2
                echo '  File "cfnlint/runner.py", line 1, in <module>' >&2
                echo 'RuntimeError: boom' >&2
                exit 1""");
        RunOutcome o = run(with(CfnLintMode.ON, pathOnly(fake.getParent()), Duration.ofSeconds(60)), Optional.empty(), t);
        assertThat(o.faults()).singleElement().asString()
                .startsWith("cfn-lint (" + fake + ") failed with exit code 1 (RuntimeError: boom)")
                .doesNotContain("Traceback").doesNotContain("\n");
        assertThat(hasBuiltInResults(o)).isTrue();
    }

    @Test
    void anExitCodeCfnLintNeverUsesIsAFault() throws IOException {
        Path t = write("clean.yaml", CLEAN_TEMPLATE);
        for (int code : new int[] {3, 16, 127}) {
            Path fake = FakeTool.script(dir.resolve("bin" + code), "cfn-lint", "echo '[]'\nexit " + code);
            RunOutcome o = run(with(CfnLintMode.ON, pathOnly(fake.getParent()), Duration.ofSeconds(60)), Optional.empty(), t);
            assertThat(o.faults()).as("exit %s", code).singleElement().asString()
                    .contains("failed with exit code " + code);
        }
    }

    @Test
    void outputThatIsNotItsJsonIsAFault() throws IOException {
        Path t = write("clean.yaml", CLEAN_TEMPLATE);
        Path text = FakeTool.script(dir.resolve("text"), "cfn-lint", "echo 'E3012 Vpc: not a boolean'\nexit 2");
        assertThat(run(with(CfnLintMode.ON, pathOnly(text.getParent()), Duration.ofSeconds(60)), Optional.empty(), t).faults())
                .singleElement().asString()
                .contains("printed no JSON report: output is not JSON (starts with 'E3012 Vpc: not a boolean')")
                .contains("cfn-lint --version");
        Path object = FakeTool.script(dir.resolve("object"), "cfn-lint", "echo '{\"matches\": []}'");
        assertThat(run(with(CfnLintMode.ON, pathOnly(object.getParent()), Duration.ofSeconds(60)), Optional.empty(), t).faults())
                .singleElement().asString().contains("not a JSON array of matches");
        Path nothing = FakeTool.script(dir.resolve("nothing"), "cfn-lint", "exit 0");
        assertThat(run(with(CfnLintMode.ON, pathOnly(nothing.getParent()), Duration.ofSeconds(60)), Optional.empty(), t).faults())
                .singleElement().asString().contains("nothing was printed");
        Path silent = FakeTool.script(dir.resolve("silent"), "cfn-lint", "echo '[]'\nexit 2");
        assertThat(run(with(CfnLintMode.ON, pathOnly(silent.getParent()), Duration.ofSeconds(60)), Optional.empty(), t).faults())
                .singleElement().asString().contains("exited with code 2 (findings) but reported none");
    }

    @Test
    void aHangIsStoppedAtTheTimeoutWithItsWholeProcessTree() throws Exception {
        Path t = write("clean.yaml", CLEAN_TEMPLATE);
        Path pids = dir.resolve("pids.txt");
        Path fake = FakeTool.script(dir.resolve("bin"), "cfn-lint",
                "echo $$ >> '" + pids + "'\nsleep 60 &\necho $! >> '" + pids + "'\nwait");
        RunOutcome o = run(with(CfnLintMode.ON, pathOnly(fake.getParent(), Path.of("/usr/bin"), Path.of("/bin")),
                Duration.ofSeconds(2)), Optional.empty(), t);
        assertThat(o.faults()).singleElement().asString()
                .isEqualTo("cfn-lint did not finish within 2 s and was stopped; its findings are missing: "
                        + "raise --cfn-lint-timeout or run with --cfn-lint off");
        assertThat(hasBuiltInResults(o)).isTrue();
        List<Long> started = FakeTool.pids(pids, 2);
        assertThat(FakeTool.stillRunning(started, Duration.ofSeconds(10))).as("processes left running").isEmpty();
    }
}
