package dev.preflight.load.terraform.config;

import dev.preflight.load.LoadOptions;
import dev.preflight.load.terraform.hcl.HclParser;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Built-in functions and operators against real Terraform: {@code terraform-console.tsv} holds, for each expression,
 * what {@code terraform console} (1.11.4) printed for {@code jsonencode(expression)}; the evaluator must print the
 * same JSON.
 */
class TerraformFunctionsTest {
    @TempDir
    Path dir;

    static Value eval(Path root, String expression) throws Exception {
        ConfigurationRun run = new ConfigurationRun(root, LoadOptions.none(), TerraformVariables.none(),
                p -> p.getFileName() == null ? "." : p.getFileName().toString(), new HashMap<>());
        ModuleInstance module = new ModuleInstance(run, run.module(root), "", "", ".", java.util.Map.of(), null, null);
        return run.evaluator().evaluate(HclParser.parseExpression("t.tf", expression, new SourceLocation("t.tf", 1, 1)),
                module.scope());
    }

    @Test
    void everyExpressionGivesWhatTerraformConsoleGives() throws Exception {
        List<String> mismatches = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(Path.of("src/test/resources/load/terraform/functions/terraform-console.tsv"))) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", 2);
            n++;
            Value v = eval(dir, "jsonencode(" + cols[0] + ")");
            String got = v.text().orElse(v.display());
            if (!got.equals(cols[1])) {
                mismatches.add(cols[0] + "\n    terraform: " + cols[1] + "\n    preflight: " + got);
            }
        }
        assertThat(n).isGreaterThan(70);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void anUnlistedFunctionIsUnknownNamingIt() throws Exception {
        Value v = eval(dir, "md5(\"x\")");
        assertThat(v).isInstanceOf(Value.Unknown.class);
        assertThat(((Value.Unknown) v).reason()).isEqualTo(UnknownReason.UNSUPPORTED);
        assertThat(((Value.Unknown) v).describe()).isEqualTo("function md5() is not evaluated by Preflight");
    }

    @Test
    void tryTakesTheFirstArgumentThatEvaluatesAndCanSaysWhether() throws Exception {
        assertThat(eval(dir, "try([][0], {a = 1}.b, \"third\")").text()).contains("third");
        assertThat(eval(dir, "can([][0])").text()).contains("false");
        assertThat(eval(dir, "can({a = 1}.a)").text()).contains("true");
        // a failure outside try is an unknown that says Terraform stops there
        Value failed = eval(dir, "[\"a\"][3]");
        assertThat(failed).isInstanceOf(Value.Unknown.class);
        assertThat(failed.display()).contains("out of range").contains("terraform plan fails here");
    }

    @Test
    void fileAndTemplatefileReadRelativeToTheRootModule() throws Exception {
        Files.writeString(dir.resolve("policy.json.tpl"), "{\"Resource\": \"${arn}\"%{ if extra }, \"x\": 1%{ endif }}");
        Files.writeString(dir.resolve("a.txt"), "hello");
        assertThat(eval(dir, "file(\"a.txt\")").text()).contains("hello");
        assertThat(eval(dir, "templatefile(\"policy.json.tpl\", {arn = \"arn:aws:s3:::b\", extra = true})").text())
                .contains("{\"Resource\": \"arn:aws:s3:::b\", \"x\": 1}");
        assertThat(eval(dir, "file(\"missing.txt\")").display()).contains("cannot read file missing.txt");
    }

    @Test
    void unknownArgumentsKeepTheirOrigin() throws IOException, Exception {
        Files.writeString(dir.resolve("main.tf"), "");
        Value v = eval(dir, "join(\".\", [\"com.amazonaws\", timestamp(), \"guardduty-data\"])");
        assertThat(v).isInstanceOf(Value.Template.class);
        assertThat(((Value.Template) v).pattern("*")).isEqualTo("com.amazonaws.*.guardduty-data");
        assertThat(eval(dir, "length([timestamp(), 1])").text()).contains("2");
        assertThat(eval(dir, "upper(timestamp())").display()).contains("timestamp() is only known when applying");
    }
}
