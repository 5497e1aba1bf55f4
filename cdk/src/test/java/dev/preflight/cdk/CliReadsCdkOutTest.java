package dev.preflight.cdk;

import dev.preflight.cli.PreflightCommand;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.Vpc;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code preflight check cdk.out} on an assembly synthesized by a real CDK app: construct paths and suppressions. */
class CliReadsCdkOutTest {

    private static String check(Path cdkOut, int expectedExit) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(new String[]{"check", "--no-color", cdkOut.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(out + "\n" + err).isEqualTo(expectedExit);
        return out.toString();
    }

    private static Path outdir(String name) throws Exception {
        Path dir = Path.of("target", "cli-cdk-out", name);
        Files.createDirectories(dir.getParent());
        return dir;
    }

    @Test
    void textReportShowsConstructPaths() throws Exception {
        Path dir = outdir("failing");
        App app = App.Builder.create().outdir(dir.toString()).build();
        TestApps.singleStack(app, "Net", false);
        app.synth();

        String out = check(dir, 1);

        assertThat(out).contains(dir.resolve("Net.template.json") + ":3:3  GD001  error    Vpc8378EB38 (Net/Vpc/Resource)  VPC");
    }

    @Test
    void suppressionWrittenInCdkCodeHoldsForTheCli() throws Exception {
        Path dir = outdir("suppressed");
        App app = App.Builder.create().outdir(dir.toString()).build();
        Stack stack = new Stack(app, "Net");
        Vpc vpc = TestApps.vpc(stack, false);
        TestApps.instance(stack, "AppInstance", vpc);
        PreflightSuppressions.addResourceSuppressions(vpc,
                List.of(new PreflightSuppression("GD001", "legacy VPC, replaced in NET-42")));
        app.synth();

        String out = check(dir, 0);

        assertThat(out).contains("Vpc8378EB38 (Net/Vpc/Resource)").contains("[waived: legacy VPC, replaced in NET-42]")
                .contains("1 waived");
    }
}
