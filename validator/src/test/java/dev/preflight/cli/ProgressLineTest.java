package dev.preflight.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Progress as a user sees it: a real pseudo-terminal from util-linux {@code script}, with stdout sent to a file
 * and only stderr on the terminal, the way {@code preflight check infra/ > report.txt} runs.
 */
class ProgressLineTest {
    private static final Path SAMPLES = Path.of("..", "samples", "cloudformation").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Ran(int code, String terminal, String stdout) {
    }

    /** Runs Preflight in-JVM-classpath as a child; {@code pty}: stderr on a pseudo-terminal, else a pipe. */
    private Ran run(boolean pty, boolean ci, String... args) throws Exception {
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        List<String> java = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), PreflightCommand.class.getName()));
        java.addAll(List.of(args));
        StringBuilder cmd = new StringBuilder();
        for (String a : java) {
            cmd.append('\'').append(a.replace("'", "'\\''")).append("' ");
        }
        cmd.append("> '").append(out).append('\'');
        ProcessBuilder pb;
        if (pty) {
            assumeTrue(new File("/usr/bin/script").canExecute() || System.getenv("CI") != null, "util-linux script is needed");
            pb = new ProcessBuilder("script", "-qfec", cmd.toString(), "/dev/null");
        } else {
            pb = new ProcessBuilder("bash", "-c", cmd + " 2> '" + err + "'");
        }
        Map<String, String> env = pb.environment();
        env.remove("CI");
        if (ci) {
            env.put("CI", "true");
        }
        env.put("PREFLIGHT_PROGRESS_DELAY_MS", "0");
        env.put("COLUMNS", "100");
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        String terminal = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        if (!pty) {
            terminal = Files.readString(err);
        }
        return new Ran(p.exitValue(), terminal, Files.readString(out));
    }

    @Test
    void onATerminalStderrTheRunShowsItsPhasesCountsAndFiles() throws Exception {
        Ran r = run(true, false, "check", "--cfn-lint", "off", "--fail-on", "never", SAMPLES.toString());
        assertThat(r.code()).isZero();
        assertThat(r.terminal()).contains("\rpreflight: reading ").containsPattern("reading \\d+/\\d+").contains("\rpreflight: loading ")
                .contains("\rpreflight: rules ").containsPattern("rules \\d+/\\d+  GD0\\d\\d")
                .contains("\rpreflight: reports 0/1  text");
        assertThat(r.terminal()).as("the line is cleared before the report and at the end").endsWith("\r\u001b[K");
        assertThat(r.stdout()).as("the report on stdout carries no progress").contains("Predicted coverage")
                .doesNotContain("preflight: reading").doesNotContain("\r");
    }

    @Test
    void notOnAPipeNorUnderCiUnlessAsked() throws Exception {
        Ran piped = run(false, false, "check", "--cfn-lint", "off", "--fail-on", "never", SAMPLES.toString());
        assertThat(piped.terminal()).doesNotContain("preflight: reading");
        Ran ci = run(true, true, "check", "--cfn-lint", "off", "--fail-on", "never", SAMPLES.toString());
        assertThat(ci.terminal()).doesNotContain("preflight: reading");
        Ran asked = run(false, true, "check", "--progress", "--cfn-lint", "off", "--fail-on", "never", SAMPLES.toString());
        assertThat(asked.terminal()).as("a CI log gets one line per phase, no carriage returns")
                .containsPattern("(?m)^preflight: reading \\(\\d+\\)$").contains("preflight: rules (").doesNotContain("\r");
        Ran never = run(true, false, "check", "--no-progress", "--cfn-lint", "off", "--fail-on", "never", SAMPLES.toString());
        assertThat(never.terminal()).doesNotContain("preflight: reading");
    }
}
