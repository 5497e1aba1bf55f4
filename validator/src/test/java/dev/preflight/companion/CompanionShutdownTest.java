package dev.preflight.companion;

import dev.preflight.cli.PreflightCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C (SIGINT) or a kill (SIGTERM) of Preflight while a companion runs leaves no companion process behind: the
 * shutdown hook kills the process tree. Uses a stand-in opa that never becomes healthy (a hang) so the run is
 * surely in the middle when the signal arrives.
 */
class CompanionShutdownTest {
    @TempDir
    Path dir;

    @Test
    void stoppingPreflightStopsItsCompanions() throws Exception {
        Path template = dir.resolve("stack.yaml");
        Files.writeString(template, OpaTest.TEMPLATE);
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("org.rego"), OpaTest.POLICY);
        Path pids = dir.resolve("pids.txt");
        Path fake = FakeTool.script(dir.resolve("bin"), "opa",
                "echo $$ >> '" + pids + "'\nsleep 60 &\necho $! >> '" + pids + "'\nwait");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                PreflightCommand.class.getName(), "check", "--cfn-lint", "off", "--policy", policies.toString(),
                "--opa-timeout", "120", template.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put(Opa.VARIABLE, fake.toString());
        pb.environment().put("PATH", "/usr/bin" + File.pathSeparator + "/bin");
        Process preflight = pb.start();
        try {
            List<Long> started = FakeTool.pids(pids, 2);
            assertThat(started).allMatch(FakeTool::running);
            preflight.destroy(); // SIGTERM: runs the shutdown hooks, as Ctrl-C does
            assertThat(preflight.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // 143 = ended by SIGTERM after the shutdown hooks ran; anything else means the test did not test that
            String output = Files.readString(dir.resolve("out.txt"));
            assertThat(preflight.exitValue()).as("exit code of Preflight (output: %s)", output).isEqualTo(143);
            assertThat(FakeTool.stillRunning(started, Duration.ofSeconds(10)))
                    .as("companion processes left running (output: %s)", output).isEmpty();
        } finally {
            preflight.destroyForcibly();
        }
    }

    /**
     * SIGKILL of Preflight runs no shutdown hook: the watchdog each companion runs under sees its lifeline pipe close
     * and kills the companion and its children. Stand-ins for cfn-lint (a hang with a grandchild, as cfn-lint's
     * worker processes are) and opa, and a child that moves into a process group of its own.
     */
    @Test
    void killingPreflightWithSigkillStillStopsItsCompanions() throws Exception {
        Path template = dir.resolve("stack.yaml");
        Files.writeString(template, OpaTest.TEMPLATE);
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("org.rego"), OpaTest.POLICY);
        Path pids = dir.resolve("pids.txt");
        Path opa = FakeTool.script(dir.resolve("bin"), "opa",
                "echo $$ >> '" + pids + "'\nsleep 61 &\necho $! >> '" + pids + "'\nwait");
        Path cfnLint = FakeTool.script(dir.resolve("bin"), "cfn-lint",
                "echo $$ >> '" + pids + "'\nsleep 62 &\necho $! >> '" + pids + "'\n"
                        + "setsid sleep 63 & echo $! >> '" + pids + "'\nwait");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), PreflightCommand.class.getName(), "check", "--cfn-lint", "on",
                "--policy", policies.toString(), "--opa-timeout", "120", template.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put(Opa.VARIABLE, opa.toString());
        pb.environment().put(CfnLint.VARIABLE, cfnLint.toString());
        pb.environment().put("PATH", "/usr/bin" + File.pathSeparator + "/bin");
        Process preflight = pb.start();
        try {
            List<Long> started = FakeTool.pids(pids, 5);
            assertThat(started).allMatch(FakeTool::running);
            new ProcessBuilder("kill", "-KILL", Long.toString(preflight.pid())).inheritIO().start().waitFor();
            assertThat(preflight.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(preflight.exitValue()).as("ended by SIGKILL").isEqualTo(137);
            assertThat(FakeTool.stillRunning(started, Duration.ofSeconds(10)))
                    .as("companion processes left running (output: %s)", Files.readString(dir.resolve("out.txt"))).isEmpty();
        } finally {
            preflight.destroyForcibly();
        }
    }

    /** The real OPA server (opa run --server on 127.0.0.1) does not outlive a SIGKILL of Preflight either. */
    @Test
    void aRealOpaServerDoesNotOutliveSigkill() throws Exception {
        Path opa = RequiredTool.opa();
        Path template = dir.resolve("stack.yaml");
        Files.writeString(template, OpaTest.TEMPLATE);
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("org.rego"), OpaTest.POLICY);
        Path slowLint = FakeTool.script(dir.resolve("bin"), "cfn-lint", "sleep 120");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), PreflightCommand.class.getName(), "check", "--cfn-lint", "on",
                "--policy", policies.toString(), template.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put(Opa.VARIABLE, opa.toString());
        pb.environment().put(CfnLint.VARIABLE, slowLint.toString());
        Process preflight = pb.start();
        try {
            List<Long> servers = List.of();
            for (int i = 0; i < 600 && servers.isEmpty(); i++) {
                Thread.sleep(100);
                servers = preflight.descendants().filter(h -> h.info().commandLine().orElse("").contains(" run ")
                        && h.info().command().orElse("").endsWith("opa")).map(ProcessHandle::pid).toList();
            }
            assertThat(servers).as("opa run --server started").isNotEmpty();
            new ProcessBuilder("kill", "-KILL", Long.toString(preflight.pid())).inheritIO().start().waitFor();
            assertThat(preflight.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(FakeTool.stillRunning(servers, Duration.ofSeconds(10))).as("opa left running").isEmpty();
        } finally {
            preflight.destroyForcibly();
        }
    }
}
