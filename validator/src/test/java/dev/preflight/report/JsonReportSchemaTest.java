package dev.preflight.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.preflight.cli.PreflightCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON report of real runs validates against the published schema (docs/json-report.schema.json). */
class JsonReportSchemaTest {
    private static final Path SCHEMA = Path.of("../docs/json-report.schema.json");

    @TempDir
    Path tmp;

    @Test
    void theSamplesReportValidates() throws Exception {
        JsonNode report = run(Path.of("../samples"));
        assertThat(report.get("inputs").size()).isGreaterThan(4);
        assertThat(errors(report)).isEmpty();
    }

    @Test
    void aReportWithSkippedAndBrokenInputsValidates() throws Exception {
        Files.writeString(tmp.resolve("pod.yaml"), "kind: Pod\n");
        Files.writeString(tmp.resolve("broken.json"), "{\"Resources\": {\"A\": }");
        JsonNode report = run(tmp);
        assertThat(report.get("errors").size()).isEqualTo(1);
        assertThat(errors(report)).isEmpty();
    }

    @Test
    void theSchemaRejectsWhatTheContractForbids() throws Exception {
        JsonNode report = run(Path.of("../samples"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) report.get("inputs").get(0)).put("format", "yaml");
        assertThat(errors(report)).isNotEmpty();
    }

    private JsonNode run(Path input) throws Exception {
        Path out = tmp.resolve("report-" + System.nanoTime() + ".json");
        int code = PreflightCommand.execute(new String[] {"check", "--format", "json=" + out, "--fail-on", "never", input.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertThat(code).isIn(0, 2);
        return new ObjectMapper().readTree(out.toFile());
    }

    private static List<Error> errors(JsonNode report) throws Exception {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
            return schema.validate(report);
        }
    }
}
