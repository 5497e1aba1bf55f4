package dev.preflight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.preflight.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs that are not plain files in a plain folder: symbolic links (followed, loops walked once, said in the input
 * list), FIFOs, devices and sockets (refused with one line, never opened), and cloud-assembly manifests that name
 * files outside the assembly. Real files, real links, real FIFOs made with mkfifo.
 */
class HostileInputTest {
    static final String VPC = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n";

    @TempDir
    Path dir;

    private Path write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    static void mkfifo(Path p) throws IOException, InterruptedException {
        Process pr = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertThat(pr.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pr.exitValue()).isZero();
    }

    private JsonNode json(String... args) throws IOException {
        Path report = dir.resolve("report-" + System.nanoTime() + ".json");
        List<String> all = new ArrayList<>(List.of("check", "--cfn-lint", "off", "--format", "json=" + report));
        all.addAll(List.of(args));
        run(all.toArray(String[]::new));
        return new ObjectMapper().readTree(report.toFile());
    }

    private static JsonNode input(JsonNode report, String suffix) {
        for (JsonNode in : report.get("inputs")) {
            if (in.get("file").asText().endsWith(suffix)) {
                return in;
            }
        }
        throw new AssertionError("no input " + suffix + " in " + report.get("inputs"));
    }

    @Test
    void aSymlinkedDirectoryGivenAsPathIsWalkedAndSaysSo() throws IOException {
        write("real/vpc.yaml", VPC);
        Path link = Files.createSymbolicLink(dir.resolve("infra"), dir.resolve("real"));
        CliTest.Run r = run("check", "--cfn-lint", "off", "--fail-on", "never", link.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Checked 1 input (1 resources)")
                .contains(link.resolve("vpc.yaml") + "  read through a symbolic link: " + dir.resolve("real/vpc.yaml"));
        JsonNode in = input(json("--fail-on", "never", link.toString()), "infra/vpc.yaml");
        assertThat(in.get("format").asText()).isEqualTo("cloudformation");
        assertThat(in.get("symlink").asText()).isEqualTo(dir.resolve("real/vpc.yaml").toString());
    }

    @Test
    void symlinkedFilesInsideWalkedFoldersAreCheckedAndTheSameFileIsReadOnce() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("shared.yaml"), VPC);
        write("infra/app.yaml", VPC);
        Files.createSymbolicLink(dir.resolve("infra/shared.yaml"), elsewhere.resolve("shared.yaml"));
        Files.createSymbolicLink(dir.resolve("infra/again.yaml"), dir.resolve("infra/app.yaml"));
        JsonNode report = json("--fail-on", "never", dir.resolve("infra").toString());
        assertThat(input(report, "infra/shared.yaml").get("resources").asInt()).isEqualTo(1);
        assertThat(input(report, "infra/shared.yaml").get("symlink").asText()).endsWith("elsewhere/shared.yaml");
        // again.yaml sorts first, so it is the name the file is read under; app.yaml is the second name
        assertThat(input(report, "infra/app.yaml").get("skipped").asText())
                .isEqualTo("same file as " + dir.resolve("infra/again.yaml") + " (reached through a symbolic link); read once");
        assertThat(report.get("errors")).isEmpty();
    }

    @Test
    @Timeout(60)
    void aLinkLoopIsWalkedOnceAndSaidSo() throws IOException {
        write("infra/vpc.yaml", VPC);
        Files.createSymbolicLink(dir.resolve("infra/loop"), dir.resolve("infra"));
        CliTest.Run r = run("check", "--cfn-lint", "off", "--fail-on", "never", dir.resolve("infra").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Checked 1 input (1 resources)")
                .contains("infra/loop  skipped: symbolic link to " + dir.resolve("infra") + ", a folder already being walked (a loop); walked once");
    }

    @Test
    void aBrokenLinkIsOneLine() throws IOException {
        write("infra/vpc.yaml", VPC);
        Files.createSymbolicLink(dir.resolve("infra/gone.yaml"), dir.resolve("nowhere.yaml"));
        Files.createSymbolicLink(dir.resolve("direct.yaml"), dir.resolve("nowhere.yaml"));
        CliTest.Run r = run("check", "--cfn-lint", "off", "--fail-on", "never", dir.resolve("infra").toString(),
                dir.resolve("direct.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("error: " + dir.resolve("infra/gone.yaml") + ": symbolic link to "
                        + dir.resolve("nowhere.yaml") + ", which does not exist; fix or remove the link")
                .contains("error: " + dir.resolve("direct.yaml") + ": symbolic link to " + dir.resolve("nowhere.yaml")
                        + ", which does not exist; fix the link or the path")
                .contains("Checked 1 input (1 resources)");
    }

    @Test
    @Timeout(60)
    void aFifoNamedDirectlyIsRefusedWithoutHanging() throws Exception {
        Path fifo = dir.resolve("plan.json");
        mkfifo(fifo);
        Path good = write("vpc.yaml", VPC);
        CliTest.Run r = run("check", "--cfn-lint", "off", "--fail-on", "never", fifo.toString(), good.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("error: " + fifo + ": a FIFO (named pipe); Preflight reads regular files and directories only")
                .contains("Checked 1 input (1 resources)");
    }

    @Test
    @Timeout(60)
    void fifosAndSocketsInsideWalkedFoldersAreNamedNotDropped() throws Exception {
        write("infra/vpc.yaml", VPC);
        mkfifo(dir.resolve("infra/pipe.yaml"));
        Path socket = dir.resolve("infra/agent.json");
        try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CliTest.Run r = run("check", "--cfn-lint", "off", "--fail-on", "never", dir.resolve("infra").toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).contains("error: " + dir.resolve("infra/pipe.yaml")
                            + ": a FIFO (named pipe), not a regular file; it was not read (remove it or name the real file)")
                    .contains("error: " + socket + ": a socket, not a regular file")
                    .contains("Checked 1 input (1 resources)");
        }
    }

    @Test
    @Timeout(60)
    void devicesAreRefusedByWhatTheyAre() {
        CliTest.Run r = run("check", "--cfn-lint", "off", "/dev/zero", "/dev/null");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("error: /dev/zero: a character device; Preflight reads regular files and directories only")
                .contains("error: /dev/null: a character device");
        CliTest.Run scp = run("check", "--cfn-lint", "off", "--scp", "/dev/zero", "--fail-on", "never", dir.toString());
        assertThat(scp.out()).contains("error: /dev/zero: a character device; --scp takes a JSON policy file");
    }

    @Test
    @Timeout(60)
    void aLinkToADeviceInsideAWalkedFolderIsRefused() throws IOException {
        write("infra/vpc.yaml", VPC);
        Files.createSymbolicLink(dir.resolve("infra/zero.yaml"), Path.of("/dev/zero"));
        CliTest.Run r = run("check", "--cfn-lint", "off", "--fail-on", "never", dir.resolve("infra").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("error: " + dir.resolve("infra/zero.yaml") + ": a character device, not a regular file")
                .contains("Checked 1 input (1 resources)");
    }

    private static final String NET_TEMPLATE = "{\"Resources\": {\"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": \"10.0.0.0/16\"}}}}";

    private Path assembly(String... templateFiles) throws IOException {
        Path a = Files.createDirectories(dir.resolve("cdk.out"));
        Files.writeString(a.resolve("Good.template.json"), NET_TEMPLATE);
        StringBuilder artifacts = new StringBuilder("\"Good\": {\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": \"Good.template.json\"}}");
        for (int i = 0; i < templateFiles.length; i++) {
            artifacts.append(",\n\"Bad").append(i).append("\": {\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": \"")
                    .append(templateFiles[i]).append("\"}}");
        }
        Files.writeString(a.resolve("manifest.json"), "{\"version\": \"36.0.0\", \"artifacts\": {" + artifacts + "}}");
        return a;
    }

    @Test
    @Timeout(60)
    void aManifestCannotNameFilesOutsideTheAssemblyOrDevices() throws IOException {
        Files.writeString(dir.resolve("outside.json"), NET_TEMPLATE);
        Path a = assembly("/dev/zero", "../outside.json", "link.template.json", "zero.template.json");
        Files.createSymbolicLink(a.resolve("link.template.json"), dir.resolve("outside.json"));
        Files.createSymbolicLink(a.resolve("zero.template.json"), Path.of("/dev/zero"));
        CliTest.Run r = run("check", "--cfn-lint", "off", "--fail-on", "never", a.toString());
        assertThat(r.code()).isEqualTo(2);
        String manifest = a.resolve("manifest.json").toString();
        assertThat(r.out()).contains("error: " + manifest + ":2:")
                .contains("stack artifact Bad0: properties.templateFile /dev/zero is outside the cloud assembly; "
                        + "a cloud assembly's manifest can name only regular files inside the assembly (re-run 'cdk synth')")
                .contains("stack artifact Bad1: properties.templateFile ../outside.json is outside the cloud assembly")
                .contains("stack artifact Bad2: properties.templateFile link.template.json is a link to "
                        + dir.resolve("outside.json").toRealPath() + ", outside the cloud assembly")
                .contains("stack artifact Bad3: properties.templateFile zero.template.json is a link to /dev/zero, outside the cloud assembly")
                .contains("Checked 1 input (1 resources)");
    }

    @Test
    void logicalIdsTagsAndFileNamesCannotStartWorkflowCommandsOrCarryEscapes() throws IOException {
        Path dir2 = Files.createDirectories(dir.resolve("::error file=x::owned"));
        Path f = Files.writeString(dir2.resolve("t.json"), "{\"Resources\": {\"Host\\u001b]52;c;cHduZWQ=\\u0007\": {\"Type\": "
                + "\"AWS::EC2::Instance\", \"Properties\": {\"ImageId\": \"ami-1\", \"Tags\": [{\"Key\": \"GuardDutyManaged\", "
                + "\"Value\": \"false\\n::error::injected\"}]}}}}");
        Path broken = Files.writeString(dir2.resolve("broken.yaml"), "Resources:\n  X: [\u001b[31m\n");
        CliTest.Run r = run("check", "--cfn-lint", "off", "--show-passes", "--fail-on", "never",
                dir.relativize(f).toString().isEmpty() ? f.toString() : f.toString(), broken.toString());
        for (String line : (r.out() + r.err()).split("\n")) {
            assertThat(line).as(line).doesNotStartWith("::");
            assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f).count()).as(line).isZero();
        }
        assertThat(r.out()).contains("Host\\x1b]52;c;cHduZWQ=\\x07");
    }
}
