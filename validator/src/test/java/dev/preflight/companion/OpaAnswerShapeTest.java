package dev.preflight.companion;

import com.sun.net.httpserver.HttpServer;
import dev.preflight.cli.PreflightCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server behind --opa-url whose answers do not have the documented shape, a policy directory that defines no
 * preflight.* rule (with the real OPA), and a server that never answers: each is one fault line, exit code 2, the
 * built-in results still reported, and the time a message states is the time it took.
 */
class OpaAnswerShapeTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run check(String... extra) throws IOException {
        Path template = Files.writeString(dir.resolve("stack.yaml"), OpaTest.TEMPLATE);
        Path policies = Files.createDirectories(dir.resolve("policies"));
        if (!Files.exists(policies.resolve("org.rego"))) {
            Files.writeString(policies.resolve("org.rego"), OpaTest.POLICY);
        }
        List<String> args = new ArrayList<>(List.of("check", "--cfn-lint", "off", "--fail-on", "never", "--policy",
                policies.toString()));
        args.addAll(List.of(extra));
        args.add(template.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"result\":\"x\"}|answered data.preflight with a result that is a string, not an object of packages",
            "[]|answered data.preflight with a list, not the documented {\"result\": {...}}",
            "{}|the Rego policies define no rule in a package preflight.<name> (OPA's data.preflight is undefined)",
            "{\"result\":{}}|the Rego policies define no deny or warn rule in a package preflight.<name>",
            "{\"result\":{\"org\":{\"deny\":[7]}}}|Rego policy preflight.org: a member of deny is number (7)"})
    void answersOfAnotherShapeAreFaults(String answer, String expected) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestMethod().equals("POST") ? answer.getBytes(StandardCharsets.UTF_8) : "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            Run r = check("--opa-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertThat(r.code()).as(r.out()).isEqualTo(2);
            assertThat(r.out()).contains(expected).contains("Checked 1 input");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRealPolicyDirectoryWithoutPreflightRulesIsAnError() throws IOException {
        Path opa = RequiredTool.opa();
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("org.rego"), "package acme.checks\n\nimport rego.v1\n\ndeny contains \"x\" if { true }\n");
        Run r = check("--opa-timeout", "60");
        assertThat(r.code()).as(r.out() + " (opa " + opa + ")").isEqualTo(2);
        assertThat(r.out()).contains("the Rego policies define no rule in a package preflight.<name>");
    }

    @Test
    @Timeout(60)
    void aServerThatNeverAnswersTakesTheStatedTime() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never answered
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long started = System.nanoTime();
            Run r = check("--opa-url", "http://127.0.0.1:" + silent.getLocalPort() + "/", "--opa-timeout", "3");
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).contains("did not answer within 3 s");
            assertThat(seconds).as("seconds taken for a stated 3 s").isLessThan(9);
        }
    }
}
