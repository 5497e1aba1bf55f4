package dev.preflight.companion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The OPA input document of the samples and of every rule fixture validates against docs/opa-input.schema.json. */
class OpaInputSchemaTest {
    private static final Path SCHEMA = Path.of("../docs/opa-input.schema.json");
    private static Schema schema;

    @BeforeAll
    static void readSchema() throws IOException {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    static List<Path> directories() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : List.of(Path.of("../samples"), Path.of("src/test/resources/fixtures"))) {
            // fixture case names (cfn-pass, cdk-fail) only under fixtures: samples/cdk-app is a Java project
            String names = root.endsWith("samples") ? "incident|fixed" : "incident|fixed|(cfn|tf|cdk)-.*";
            try (Stream<Path> s = Files.walk(root, 3)) {
                s.filter(Files::isDirectory)
                        .filter(d -> d.getFileName().toString().matches(names))
                        .sorted().forEach(out::add);
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> theInputOfEverySampleAndFixtureValidates() throws IOException {
        List<Path> dirs = directories();
        assertThat(dirs).hasSizeGreaterThan(5);
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.toString(), () -> {
            JsonNode doc = OpaInput.build(LoadedDirectory.load(d));
            assertThat(doc.get("resources").size()).as("resources of %s", d).isPositive();
            List<Error> errors = schema.validate(doc);
            assertThat(errors).as("schema errors for %s", d).isEmpty();
        }));
    }

    @Test
    void theSchemaRejectsWhatTheContractForbids() throws Exception {
        ObjectNode doc = OpaInput.build(LoadedDirectory.load(Path.of("../samples/cloudformation/incident")));
        assertThat(schema.validate(doc)).isEmpty();
        ObjectNode props = (ObjectNode) doc.get("resources").get(0).get("properties");
        props.putObject("Broken").putObject("$unknown").put("detail", "no reason given");
        assertThat(schema.validate(doc)).isNotEmpty();
        props.remove("Broken");
        ((ObjectNode) doc.get("resources").get(0)).remove("line");
        assertThat(schema.validate(doc)).isNotEmpty();
    }
}
