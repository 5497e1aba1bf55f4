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
}
