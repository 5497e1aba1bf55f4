package dev.preflight.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a pre-commit check of a small template must not pay at start-up, counted (not timed) in a real child JVM: each
 * of these cost milliseconds of a 0.16 s run on JDK 17 (docs/benchmarks.md, issue 16) and comes back silently with an
 * innocent-looking change (a record used as a map key, a concatenation compiled with invokedynamic, an annotation read
 * at run time, the system time zone).
 */
class StartupPathTest {
    private static final Path SAMPLE = Path.of("..", "samples", "cloudformation", "incident", "app.yaml")
            .toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void aSmallCheckLinksNoRecordMethodsOrConcatenationsAndLoadsNoneOfTheCostlyJdkParts() throws Exception {
        Path classes = tmp.resolve("classes.txt");
        Path out = tmp.resolve("stdout.txt");
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Djava.lang.invoke.MethodHandle.TRACE_METHOD_LINKAGE=true",
                "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                PreflightCommand.class.getName(), "check", "--cfn-lint", "off", "--fail-on", "never", SAMPLE.toString());
        pb.environment().remove("CI");
        pb.redirectOutput(out.toFile());
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stdout).isZero();
        assertThat(stdout).as("the check ran to its report").contains("Predicted coverage").contains("linkCallSite");

        List<String> linked = stdout.lines().filter(l -> l.startsWith("linkCallSite ")).toList();
        assertThat(linked).as("records' equals/hashCode/toString linked through ObjectMethods: write them out")
                .noneMatch(l -> l.contains("ObjectMethods.bootstrap"));
        assertThat(linked).as("string concatenation through invokedynamic: compile with -XDstringConcat=inline")
                .noneMatch(l -> l.contains("StringConcatFactory"));

        List<String> loaded = Files.readAllLines(classes).stream().map(StartupPathTest::className).toList();
        assertThat(loaded).as("the class-load log").hasSizeGreaterThan(500);
        assertThat(loaded).as("annotation proxies (the plain binding reads OptionIndex, not annotations)")
                .noneMatch(c -> c.startsWith("jdk.proxy") || c.equals("picocli.CommandLine$Option"));
        assertThat(loaded).as("java.lang.management (CpuClock reads the CPU clock only after 50 ms)")
                .noneMatch(c -> c.startsWith("java.lang.management."));
        assertThat(loaded).as("time-zone rules (timestamps in UTC, today's date only for waiver expiry)")
                .doesNotContain("java.time.zone.ZoneRulesProvider");
        assertThat(loaded).as("loaders and formats the run does not use")
                .noneMatch(c -> c.startsWith("dev.preflight.load.terraform.") || c.startsWith("com.fasterxml.jackson.databind.")
                        || c.startsWith("io.pebbletemplates.") || c.equals("dev.preflight.report.SarifReport"));
    }

    /** "[0.012s][info][class,load] java.lang.Object source: shared objects file" -> "java.lang.Object". */
    private static String className(String line) {
        int start = line.indexOf("] ", line.indexOf("class,load")) + 2;
        int end = line.indexOf(' ', start);
        return end < 0 ? line.substring(start) : line.substring(start, end);
    }
}
