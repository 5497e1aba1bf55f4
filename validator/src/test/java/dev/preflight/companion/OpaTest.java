package dev.preflight.companion;

import com.sun.net.httpserver.HttpServer;
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
import dev.preflight.rules.BuiltInRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rego policies through a real OPA over its REST API, and every way that can go wrong. */
class OpaTest {
    static final String TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Vpc:
                Type: AWS::EC2::VPC
                Properties:
                  CidrBlock: 10.0.0.0/16
              Bucket:
                Type: AWS::S3::Bucket
            """;
    static final String POLICY = """
            package preflight.org

            deny contains msg if {
            	some r in input.resources
            	r.type == "AWS::EC2::VPC"
            	msg := sprintf("VPC %s must be created by the network team", [r.id])
            }

            warn contains {"id": "ORG-7", "resource": r.id, "message": "buckets need an owner tag", "severity": "info"} if {
            	some r in input.resources
            	r.type == "AWS::S3::Bucket"
            }
            """;

    @TempDir
    Path dir;

    private HttpServer fake;

    @AfterEach
    void stopFake() {
        if (fake != null) {
            fake.stop(0);
        }
    }

    private RunOutcome run(CompanionSettings companions, Path... paths) {
        RunRequest request = new RunRequest(List.of(paths), List.of(), dir, LoadOptions.none(),
                new RunSettings(Optional.empty(), Optional.empty(), LocalDate.of(2026, 1, 1)), PreflightConfig.defaults(),
                companions);
        return new PreflightEngine(BuiltInRules.all(), "test").run(request);
    }

    private static CompanionSettings policies(List<Path> dirs, Optional<URI> url, Duration timeout, Map<String, String> env) {
        return new CompanionSettings(CfnLintMode.OFF, CompanionSettings.DEFAULT_CFN_LINT_TIMEOUT, dirs, url, timeout, env);
    }

    private static Map<String, String> realOpa() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(Opa.VARIABLE, RequiredTool.opa().toString());
        return env;
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static List<RuleResult> rego(RunOutcome o) {
        return o.results().stream().filter(r -> r.ruleId().startsWith("rego:") || r.ruleId().startsWith("ORG-")).toList();
    }

    private static boolean hasBuiltInResults(RunOutcome o) {
        return o.results().stream().anyMatch(r -> r.ruleId().startsWith("GD"));
    }

    /** opa processes started by this JVM that are still running. */
    private static List<ProcessHandle> opaChildren() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/opa")).orElse(false)).toList();
    }

    @Test
    void policyResultsMergeWithTheBuiltInOnesAndNoOpaIsLeftRunning() throws IOException {
        Path t = write("stack.yaml", TEMPLATE);
        write("policies/org.rego", POLICY);
        RunOutcome o = run(policies(List.of(dir.resolve("policies")), Optional.empty(), Duration.ofSeconds(60), realOpa()), t);

        assertThat(o.faults()).isEmpty();
        RuleResult deny = rego(o).stream().filter(r -> r.ruleId().equals("rego:preflight.org")).findFirst().orElseThrow();
        assertThat(deny.severity()).isEqualTo(Severity.ERROR);
        assertThat(deny.message()).isEqualTo("VPC Vpc must be created by the network team");
        assertThat(deny.subject().type()).isEqualTo(Subject.INPUT_TYPE);
        assertThat(deny.subject().location().file()).isEqualTo("policies/org.rego");
        RuleResult warn = rego(o).stream().filter(r -> r.ruleId().equals("ORG-7")).findFirst().orElseThrow();
        assertThat(warn.severity()).isEqualTo(Severity.INFO);
        assertThat(warn.subject().id()).isEqualTo("Bucket");
        assertThat(warn.subject().location().toString()).isEqualTo("stack.yaml:7:3");
        assertThat(o.rules().stream().map(RuleMetadata::id)).contains("rego:preflight.org", "ORG-7");
        assertThat(hasBuiltInResults(o)).isTrue();
        assertThat(opaChildren()).isEmpty();
    }

    @Test
    void aPolicyThatDoesNotCompileIsAFaultWithOpasMessageFileAndLine() throws IOException {
        Path t = write("stack.yaml", TEMPLATE);
        write("policies/broken.rego", "package preflight.broken\n\ndeny contains msg if {\n\tmsg := input.x +\n}\n");
        RunOutcome o = run(policies(List.of(dir.resolve("policies")), Optional.empty(), Duration.ofSeconds(60), realOpa()), t);

        assertThat(o.faults()).hasSize(1);
        assertThat(o.faults().get(0)).matches("policies/broken\\.rego:\\d+:\\d+: Rego policy does not compile: .+; fix it "
                + "\\(opa check policies/broken\\.rego\\); the Rego policies' results are missing");
        assertThat(o.incomplete()).isTrue();
        assertThat(rego(o)).isEmpty();
        assertThat(hasBuiltInResults(o)).isTrue();
        assertThat(opaChildren()).isEmpty();
    }

    @Test
    void aPolicyUsingALibraryUploadedAfterItCompiles() throws IOException {
        Path t = write("stack.yaml", TEMPLATE);
        write("policies/a_rule.rego", "package preflight.uses\n\nimport data.preflight.zlib\n\n"
                + "deny contains zlib.greeting if true\n");
        write("policies/zlib.rego", "package preflight.zlib\n\ngreeting := \"from the library\"\n");
        RunOutcome o = run(policies(List.of(dir.resolve("policies")), Optional.empty(), Duration.ofSeconds(60), realOpa()), t);
        assertThat(o.faults()).isEmpty();
        assertThat(rego(o)).extracting(RuleResult::message).containsExactly("from the library");
    }

    @Test
    void missingOpaIsAFault() throws IOException {
        Path t = write("stack.yaml", TEMPLATE);
        write("policies/org.rego", POLICY);
        Map<String, String> env = Map.of("PATH", Files.createDirectories(dir.resolve("empty")).toString());
        RunOutcome o = run(policies(List.of(dir.resolve("policies")), Optional.empty(), Duration.ofSeconds(10), env), t);
        assertThat(o.faults()).singleElement().asString()
                .startsWith("--policy was given but opa is not available: no opa on PATH and PREFLIGHT_OPA is not set")
                .contains("--opa-url");
        assertThat(hasBuiltInResults(o)).isTrue();
    }

    @Test
    void aPolicyDirectoryWithoutRegoIsAFault() throws IOException {
        Path t = write("stack.yaml", TEMPLATE);
        Files.createDirectories(dir.resolve("nothing"));
        RunOutcome o = run(policies(List.of(dir.resolve("nothing")), Optional.empty(), Duration.ofSeconds(10), Map.of()), t);
        assertThat(o.faults()).singleElement().asString().contains("holds no .rego file");
    }

    @Test
    void anUnreachableOpaUrlIsAFault() throws IOException {
        Path t = write("stack.yaml", TEMPLATE);
        write("policies/org.rego", POLICY);
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closed);
        RunOutcome o = run(policies(List.of(dir.resolve("policies")), Optional.of(url), Duration.ofSeconds(10), Map.of()), t);
        assertThat(o.faults()).singleElement().asString()
                .startsWith("cannot reach OPA at " + url + "/ while uploading policy")
                .endsWith("the Rego policies' results are missing");
        assertThat(hasBuiltInResults(o)).isTrue();
    }

    @Test
    void anOpaSlowerThanTheTimeoutIsAFault() throws IOException {
        Path t = write("stack.yaml", TEMPLATE);
        write("policies/org.rego", POLICY);
        CountDownLatch release = new CountDownLatch(1);
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        fake.createContext("/", exchange -> {
            try {
                release.await(20, TimeUnit.SECONDS); // slower than the client's limit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        fake.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        fake.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + fake.getAddress().getPort());
            RunOutcome o = run(policies(List.of(dir.resolve("policies")), Optional.of(url), Duration.ofSeconds(1), Map.of()), t);
            assertThat(o.faults()).singleElement().asString()
                    .startsWith("OPA at " + url + "/ did not answer within 1 s while uploading policy")
                    .contains("raise --opa-timeout");
            assertThat(hasBuiltInResults(o)).isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aServerThatDiesBetweenUploadAndEvaluationIsAFault() throws IOException {
        Path t = write("stack.yaml", TEMPLATE);
        write("policies/org.rego", POLICY);
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        fake.createContext("/", exchange -> {
            if (exchange.getRequestMethod().equals("PUT") || exchange.getRequestMethod().equals("DELETE")) {
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close(); // the evaluation gets no answer: the connection just ends, as when OPA dies
        });
        fake.start();
        URI url = URI.create("http://127.0.0.1:" + fake.getAddress().getPort());
        RunOutcome o = run(policies(List.of(dir.resolve("policies")), Optional.of(url), Duration.ofSeconds(10), Map.of()), t);
        assertThat(o.faults()).singleElement().asString()
                .startsWith("OPA at " + url + "/ stopped answering while evaluating data.preflight")
                .endsWith("the Rego policies' results are missing");
        assertThat(hasBuiltInResults(o)).isTrue();
    }

    @Test
    void anExistingServerIsUsedAndLeftAsItWas() throws Exception {
        Path t = write("stack.yaml", TEMPLATE);
        write("policies/org.rego", POLICY);
        try (OpaServer server = OpaServer.start(RequiredTool.opa(), Duration.ofSeconds(60))) {
            URI url = server.client().base();
            RunOutcome o = run(policies(List.of(dir.resolve("policies")), Optional.of(url), Duration.ofSeconds(30), Map.of()), t);
            assertThat(o.faults()).isEmpty();
            assertThat(rego(o)).hasSize(2);
            HttpResponse<String> list = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(url.resolve("v1/policies")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(list.body().strip()).isEqualTo("{\"result\":[]}");
        }
    }

    @Test
    void aTakenPortIsLeftForAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             OpaServer server = OpaServer.start(RequiredTool.opa(), Duration.ofSeconds(60), taken.getLocalPort())) {
            assertThat(server.client().base().getPort()).isNotEqualTo(taken.getLocalPort());
            assertThat(server.client().healthy(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(opaChildren()).isEmpty();
    }

    @Test
    void anOpaKilledMidRunIsAFault() throws Exception {
        OpaServer server = OpaServer.start(RequiredTool.opa(), Duration.ofSeconds(60));
        try {
            server.client().putPolicy("org.rego", POLICY);
            // the handle is the watchdog's; opa is below it
            server.handle().descendants().forEach(ProcessHandle::destroyForcibly);
            server.handle().destroyForcibly();
            server.handle().onExit().get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> server.client().evaluate("preflight",
                    new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()))
                    .isInstanceOf(OpaClient.OpaException.class)
                    // a refused connection or one closed without an answer, as the kill races the request
                    .hasMessageMatching("(cannot reach OPA at " + java.util.regex.Pattern.quote(server.client().base().toString())
                            + "|OPA at " + java.util.regex.Pattern.quote(server.client().base().toString())
                            + " stopped answering) while evaluating data\\.preflight.*");
        } finally {
            server.close();
        }
        assertThat(opaChildren()).isEmpty();
    }
}
