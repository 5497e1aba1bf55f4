package dev.preflight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan as {@code terraform show -json} writes it (one line), with the configuration it was made from beside it:
 * findings land at the {@code .tf} blocks in SARIF and GitHub annotations, with the plan and the module call as
 * related locations, and the values rules point at are at their {@code .tf} attributes; {@code --terraform-dir}
 * pairs a plan kept elsewhere. Without the configuration the plan positions stay and the text report says once what
 * to do.
 */
class TerraformLocationsTest {
    static final Path ONE_LINE = Path.of("src/test/resources/load/terraform/one-line");

    @TempDir
    Path dir;

    @Test
    void sarifAndGithubAnnotationsPointAtTheTfBlocksOfAOneLinePlan() throws IOException {
        assertThat(Files.readAllLines(ONE_LINE.resolve("plan.json"))).hasSize(1);
        Path sarif = dir.resolve("r.sarif");
        Path github = dir.resolve("gh.txt");
        CliTest.Run r = CliTest.run("check", "--fail-on", "never", "--format", "sarif=" + sarif,
                "--format", "github=" + github, ONE_LINE.toString());
        assertThat(r.code()).as(r.err()).isZero();

        JsonNode results = new ObjectMapper().readTree(sarif.toFile()).at("/runs/0/results");
        List<String> at = new ArrayList<>();
        for (JsonNode x : results) {
            JsonNode loc = x.at("/locations/0/physicalLocation");
            if (x.get("level").asText().equals("error") && loc.has("region")) {
                at.add(x.get("ruleId").asText() + " " + loc.at("/artifactLocation/uri").asText() + ":"
                        + loc.at("/region/startLine").asInt());
            }
        }
        // reports name files relative to the repository root
        String base = "validator/" + ONE_LINE;
        assertThat(at).contains("GD001 " + base + "/modules/network/main.tf:16", "GD002 " + base + "/main.tf:88",
                "GD002 " + base + "/main.tf:75", "GD007 " + base + "/main.tf:88");
        assertThat(at).noneMatch(a -> a.contains("plan.json"));
        JsonNode gd001 = null;
        for (JsonNode x : results) {
            if (x.get("ruleId").asText().equals("GD001")) {
                gd001 = x;
            }
        }
        List<String> related = new ArrayList<>();
        for (JsonNode rel : gd001.get("relatedLocations")) {
            related.add(rel.at("/physicalLocation/artifactLocation/uri").asText() + ":"
                    + rel.at("/physicalLocation/region/startLine").asInt() + " " + rel.at("/message/text").asText());
        }
        assertThat(related).contains(base + "/main.tf:4 module.network.aws_vpc.this: module call module.network");
        assertThat(related).anyMatch(x -> x.startsWith(base + "/plan.json:1 ") && x.endsWith("planned in plan.json"));

        // value-level related locations are at the .tf attributes (the tag in tags = {...}), not in plan.json
        List<String> allRelated = new ArrayList<>();
        for (JsonNode x : results) {
            for (JsonNode rel : x.path("relatedLocations")) {
                allRelated.add(x.get("ruleId").asText() + " " + rel.at("/physicalLocation/artifactLocation/uri").asText()
                        + ":" + rel.at("/physicalLocation/region/startLine").asInt() + " " + rel.at("/message/text").asText());
            }
        }
        assertThat(allRelated).contains("GD007 " + base + "/main.tf:97 aws_instance.batch: GuardDutyManaged tag",
                "GD001 " + base + "/modules/network/main.tf:18 module.network.aws_vpc.this: enable_dns_support is written here");
        assertThat(allRelated).filteredOn(x -> x.contains("plan.json")).allMatch(x -> x.endsWith("planned in plan.json"));

        List<String> annotations = Files.readAllLines(github);
        assertThat(annotations).anyMatch(l -> l.startsWith("::error file=" + base + "/main.tf,line=88,") && l.contains("GD007"));
        assertThat(annotations).anyMatch(l -> l.startsWith("::error file=" + base + "/modules/network/main.tf,line=16,")
                && l.contains("GD001"));
        assertThat(annotations).noneMatch(l -> l.startsWith("::error file=" + base + "/plan.json"));
    }

    @Test
    void aBinaryPlanIsNamedAsOneWithTheCommandThatTurnsItIntoJson() {
        // made by terraform plan -out from load/terraform/references (a zip whose first entry is tfplan)
        Path binary = Path.of("src/test/resources/load/terraform/binary-plan/tfplan");
        CliTest.Run r = CliTest.run("check", "--format", "text", binary.toString(), ONE_LINE.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains(binary + ": a binary Terraform plan (terraform plan -out); check its JSON instead: "
                + "terraform show -json " + binary + " > plan.json");
        assertThat(r.out()).contains("GD001").doesNotContain("UTF-8");
    }

    @Test
    void aPlanWithoutItsConfigurationKeepsPlanPositionsAndTheTextReportSaysOnceHowToGetTfLines() throws IOException {
        Path plan = dir.resolve("plan.json");
        Files.copy(ONE_LINE.resolve("plan.json"), plan);
        CliTest.Run r = CliTest.run("check", "--fail-on", "never", "--format", "text", plan.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(plan + ":1:");
        assertThat(r.out().split("note: ", -1)).hasSize(2);
        assertThat(r.out()).contains("note: findings of " + plan + " point into the plan JSON; to have them at their "
                + ".tf lines, keep the plan in the folder of the .tf files it was made from or give that folder as "
                + "--terraform-dir DIR");
    }

    @Test
    void terraformDirPairsAPlanWithConfigurationThatIsNotBesideIt() throws IOException {
        Path plan = dir.resolve("build").resolve("plan.json");
        Files.createDirectories(plan.getParent());
        Files.copy(ONE_LINE.resolve("plan.json"), plan);
        Path json = dir.resolve("r.json");
        CliTest.Run r = CliTest.run("check", "--fail-on", "never", "--format", "text", "--format", "json=" + json,
                "--terraform-dir", ONE_LINE.toString(), plan.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(ONE_LINE + "/main.tf:88:").contains(ONE_LINE + "/modules/network/main.tf:16:")
                .doesNotContain(plan + ":1:").doesNotContain("note: ");
        // the same verdicts as with the plan beside its configuration
        Path besideJson = dir.resolve("beside.json");
        assertThat(CliTest.run("check", "--fail-on", "never", "--format", "json=" + besideJson,
                ONE_LINE.resolve("plan.json").toString()).code()).isZero();
        assertThat(verdicts(json, plan)).isEqualTo(verdicts(besideJson, ONE_LINE.resolve("plan.json"))).isNotEmpty();

        CliTest.Run missing = CliTest.run("check", "--terraform-dir", dir.resolve("nowhere").toString(), plan.toString());
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("--terraform-dir " + dir.resolve("nowhere") + ": no such folder");
        CliTest.Run noTf = CliTest.run("check", "--terraform-dir", plan.getParent().toString(), plan.toString());
        assertThat(noTf.code()).isEqualTo(3);
        assertThat(noTf.err()).contains("no .tf or .tf.json files in this folder");
    }

    /** VERDICT RULE RESOURCE LINE, a result about the whole plan (GD013) naming it "the plan". */
    private static List<String> verdicts(Path jsonReport, Path plan) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode x : new ObjectMapper().readTree(jsonReport.toFile()).get("results")) {
            String resource = x.get("resource").asText();
            out.add(x.get("verdict").asText() + " " + x.get("ruleId").asText() + " "
                    + (resource.equals(plan.toString()) ? "the plan" : resource) + " " + x.get("line").asInt());
        }
        out.sort(null);
        return out;
    }
}
