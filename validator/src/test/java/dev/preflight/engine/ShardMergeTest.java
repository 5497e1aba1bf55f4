package dev.preflight.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.cli.PreflightCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Sharded runs merged with {@code preflight merge} give the same results as one run over the same inputs. */
class ShardMergeTest {
    private static final String[] INPUTS = {"../samples", "src/test/resources/load/cloudformation/split",
            "src/test/resources/fixtures/GD002", "src/test/resources/fixtures/GD008"};

    @TempDir
    Path tmp;

    @Test
    void mergedShardsEqualOneRun() throws IOException {
        JsonNode whole = check(tmp.resolve("whole.json"), null);
        List<String> parts = new ArrayList<>();
        Set<String> inputsSeen = new TreeSet<>();
        int nonEmpty = 0;
        for (int k = 1; k <= 3; k++) {
            Path part = tmp.resolve("shard" + k + ".json");
            JsonNode shard = check(part, k + "/3");
            parts.add(part.toString());
            if (shard.get("inputs").size() > 0) {
                nonEmpty++;
            }
            shard.get("inputs").forEach(in -> inputsSeen.add(in.get("file").asText()));
        }
        assertThat(nonEmpty).as("the inputs are spread over several shards").isGreaterThan(1);
        Set<String> wholeInputs = new TreeSet<>();
        whole.get("inputs").forEach(in -> wholeInputs.add(in.get("file").asText()));
        assertThat(inputsSeen).isEqualTo(wholeInputs);

        Path merged = tmp.resolve("merged.json");
        List<String> args = new ArrayList<>(List.of("merge", "--fail-on", "never", "--format", "json=" + merged));
        args.addAll(parts);
        assertThat(run(args)).isZero();
        JsonNode m = new ObjectMapper().readTree(merged.toFile());
        assertThat(results(m)).isEqualTo(results(whole));
        assertThat(workloads(m)).isEqualTo(workloads(whole));
        assertThat(m.get("coverage").get("percent")).isEqualTo(whole.get("coverage").get("percent"));

        Path sarif = tmp.resolve("merged.sarif");
        args.set(4, "sarif=" + sarif);
        assertThat(run(args)).isZero();
        assertThat(sarif).isNotEmptyFile();
    }

    @Test
    void aTemplateStaysWithTheExportsItImports() throws IOException {
        for (int k = 1; k <= 2; k++) {
            JsonNode shard = check(tmp.resolve("s" + k + ".json"), k + "/2");
            Set<String> files = new TreeSet<>();
            shard.get("inputs").forEach(in -> files.add(in.get("file").asText()));
            boolean producer = files.stream().anyMatch(f -> f.endsWith("split/producer.yaml"));
            boolean consumer = files.stream().anyMatch(f -> f.endsWith("split/consumer.yaml"));
            assertThat(producer).as("shard %d: %s", k, files).isEqualTo(consumer);
            boolean network = files.stream().anyMatch(f -> f.endsWith("incident/network.yaml"));
            boolean app = files.stream().anyMatch(f -> f.endsWith("incident/app.yaml"));
            assertThat(network).as("shard %d: %s", k, files).isEqualTo(app);
        }
    }

    @Test
    void anIncompleteOrMixedSetOfShardsIsRefusedNamingWhatIsMissing() throws IOException {
        List<String> parts = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            Path part = tmp.resolve("p" + k + ".json");
            JsonNode shard = check(part, k + "/3");
            assertThat(shard.at("/shard/index").asInt()).isEqualTo(k);
            assertThat(shard.at("/shard/count").asInt()).isEqualTo(3);
            parts.add(part.toString());
        }
        assertThat(mergeErr(List.of(parts.get(0), parts.get(2))))
                .contains("preflight: incomplete set of shards: shard 2/3 missing (2 of 3 given)");
        assertThat(mergeErr(List.of(parts.get(0), parts.get(1), parts.get(1), parts.get(2))))
                .contains("are both shard 2/3; give each shard once");
        Path other = tmp.resolve("other.json");
        check(other, "2/2");
        assertThat(mergeErr(List.of(parts.get(0), other.toString()))).contains(other + " is shard 2/2 of another run");
        Path whole = tmp.resolve("whole.json");
        check(whole, null);
        assertThat(mergeErr(List.of(parts.get(0), parts.get(1), parts.get(2), whole.toString())))
                .contains(whole + " is not a shard report (made without --shard)");
    }

    private static String mergeErr(List<String> reports) {
        List<String> args = new ArrayList<>(List.of("merge"));
        args.addAll(reports);
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.preflight.cli.PreflightCommand.execute(args.toArray(String[]::new),
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true));
        assertThat(code).as(err.toString()).isEqualTo(3);
        return err.toString();
    }

    @Test
    void badShardsAndReportsAreUsageErrors() throws IOException {
        assertThat(run(List.of("check", "--shard", "3/2", "../samples"))).isEqualTo(3);
        assertThat(run(List.of("check", "--shard", "two", "../samples"))).isEqualTo(3);
        Path notReport = tmp.resolve("x.json");
        java.nio.file.Files.writeString(notReport, "{\"Resources\": {}}");
        assertThat(run(List.of("merge", notReport.toString()))).isEqualTo(3);
    }

    private JsonNode check(Path out, String shard) throws IOException {
        List<String> args = new ArrayList<>(List.of("check", "--cfn-lint", "off", "--fail-on", "never", "--format", "json=" + out));
        if (shard != null) {
            args.add("--shard");
            args.add(shard);
        }
        args.addAll(List.of(INPUTS));
        assertThat(run(args)).isZero();
        return new ObjectMapper().readTree(out.toFile());
    }

    private static Set<String> results(JsonNode report) {
        Set<String> out = new TreeSet<>();
        for (JsonNode r : report.get("results")) {
            out.add(String.join(" | ", r.get("ruleId").asText(), r.get("verdict").asText(), r.get("severity").asText(),
                    r.get("resource").asText(), r.get("file").asText(), r.get("line").asText(), r.get("message").asText()));
        }
        return out;
    }

    private static Set<String> workloads(JsonNode report) {
        Set<String> out = new TreeSet<>();
        for (JsonNode w : report.get("coverage").get("workloads")) {
            out.add(w.get("file").asText() + " " + w.get("resource").asText() + " " + w.get("status").asText() + " " + w.get("issueType").asText());
        }
        return out;
    }

    private static int run(List<String> args) {
        return PreflightCommand.execute(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }
}
