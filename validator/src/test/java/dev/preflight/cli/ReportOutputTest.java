package dev.preflight.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports onto what is not a plain file, as a real process (the JVM's own standard output, a FIFO read by another
 * process, /dev/full, signals): standard output by name, devices written and never replaced, write errors exit 2
 * with a message, and no temporary file left behind.
 */
class ReportOutputTest {
    @TempDir
    Path dir;

    private Path template() throws Exception {
        return Files.writeString(dir.resolve("vpc.yaml"), HostileInputTest.VPC);
    }

    private ProcessBuilder preflight(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), PreflightCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", "/usr/bin" + File.pathSeparator + "/bin");
        return pb;
    }

    private record Ran(int code, String out, String err) {
    }

    private Ran run(ProcessBuilder pb) throws Exception {
        Path out = dir.resolve("stdout-" + System.nanoTime());
        Path err = dir.resolve("stderr-" + System.nanoTime());
        if (pb.redirectOutput() == ProcessBuilder.Redirect.PIPE) {
            pb.redirectOutput(out.toFile());
        }
        pb.redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), Files.exists(out) ? Files.readString(out) : "", Files.readString(err));
    }

    @Test
    @Timeout(180)
    void standardOutputByNameIsStandardOutput() throws Exception {
        Path t = template();
        for (List<String> args : List.of(List.of("-o", "/dev/stdout", "--format", "json"), List.of("--format", "json=-"),
                List.of("--format", "sarif=/dev/stdout"), List.of("-o", "-"))) {
            List<String> all = new ArrayList<>(List.of("check", "--cfn-lint", "off", "--fail-on", "never"));
            all.addAll(args);
            all.add(t.toString());
            Ran r = run(preflight(all.toArray(String[]::new)));
            assertThat(r.code()).as("%s: %s", args, r.err()).isZero();
            assertThat(r.out()).as("%s", args).isNotBlank();
        }
        assertThat(Files.exists(Path.of("-"))).isFalse();
    }

    @Test
    @Timeout(180)
    void aFifoIsWrittenNotReplaced() throws Exception {
        Path fifo = dir.resolve("report.sarif");
        HostileInputTest.mkfifo(fifo);
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                Process cat = new ProcessBuilder("cat", fifo.toString()).start();
                String text = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                cat.waitFor();
                return text;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Ran r = run(preflight("check", "--cfn-lint", "off", "--fail-on", "never", "--format", "sarif=" + fifo,
                template().toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(reader.get(60, TimeUnit.SECONDS)).contains("\"version\" : \"2.1.0\"");
        assertThat(Files.isRegularFile(fifo)).as("still a FIFO").isFalse();
        assertThat(Files.exists(fifo)).isTrue();
    }

    @Test
    @Timeout(180)
    void aDeviceIsWrittenNotReplacedAndWriteErrorsAreExitTwo() throws Exception {
        Path t = template();
        Ran devNull = run(preflight("check", "--cfn-lint", "off", "--fail-on", "never", "--format", "json=/dev/null",
                t.toString()));
        assertThat(devNull.code()).as(devNull.err()).isZero();
        assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();

        Ran full = run(preflight("check", "--cfn-lint", "off", "--fail-on", "never", "--format", "json=/dev/full",
                t.toString()));
        assertThat(full.code()).isEqualTo(2);
        assertThat(full.err()).contains("preflight: cannot write json report to /dev/full");

        ProcessBuilder toFull = preflight("check", "--cfn-lint", "off", "--fail-on", "never", t.toString());
        toFull.redirectOutput(new File("/dev/full"));
        Ran stdoutFull = run(toFull);
        assertThat(stdoutFull.code()).isEqualTo(2);
        assertThat(stdoutFull.err()).contains("preflight: cannot write the text report to standard output (a write error");
    }

    @Test
    @Timeout(180)
    void noTemporaryFileSurvivesSigtermOrSigkill() throws Exception {
        // a big template, so that the kill lands while reports are written
        StringBuilder b = new StringBuilder("Resources:\n");
        for (int i = 0; i < 20_000; i++) {
            b.append("  T").append(i).append(":\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: t").append(i).append('\n');
        }
        Path t = Files.writeString(dir.resolve("big.yaml"), b.toString());
        Path reports = Files.createDirectories(dir.resolve("reports"));
        for (String signal : List.of("TERM", "KILL")) {
            Process p = preflight("check", "--cfn-lint", "off", "--fail-on", "never", "--show-passes",
                    "--format", "json=" + reports.resolve("r.json"), "--format", "html=" + reports.resolve("r.html"),
                    "--format", "sarif=" + reports.resolve("r.sarif"), t.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && tmpFiles(reports).isEmpty() && p.isAlive()) {
                Thread.sleep(5);
            }
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            p.waitFor(30, TimeUnit.SECONDS);
            if (signal.equals("TERM")) {
                assertThat(tmpFiles(reports)).as("after SIGTERM").isEmpty();
            }
        }
        // after SIGKILL a temporary file may be left for an instant: the next run sweeps it
        Ran next = run(preflight("check", "--cfn-lint", "off", "--fail-on", "never", "--format",
                "json=" + reports.resolve("r.json"), "--format", "html=" + reports.resolve("r.html"),
                "--format", "sarif=" + reports.resolve("r.sarif"), template().toString()));
        assertThat(next.code()).as(next.err()).isZero();
        assertThat(tmpFiles(reports)).as("after the next run").isEmpty();
    }

    private static List<Path> tmpFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
