package dev.preflight.load.terraform.config;

import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
import dev.preflight.load.terraform.hcl.HclBody;
import dev.preflight.load.terraform.hcl.HclExpression;
import dev.preflight.load.terraform.hcl.HclJsonReader;
import dev.preflight.load.terraform.hcl.HclParser;
import dev.preflight.load.terraform.hcl.HclSyntaxException;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Values of a root module's variables in Terraform's order, later wins: {@code TF_VAR_name} environment variables,
 * {@code terraform.tfvars}, {@code terraform.tfvars.json}, {@code *.auto.tfvars} and {@code *.auto.tfvars.json} in
 * lexical order, then {@code --var-file} files and {@code --var NAME=VALUE} as given. A value given as a string
 * ({@code TF_VAR_}, {@code --var}) is taken literally for a variable of type string or without a type that parses
 * otherwise, and read as an HCL expression for other types, as Terraform does.
 */
final class VariableValues {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<InputFailure> failures = new ArrayList<>();
    private final ExpressionEvaluator evaluator;

    VariableValues(Path rootDir, TerraformVariables given, Function<Path, String> display, ExpressionEvaluator evaluator) {
        this.evaluator = evaluator;
        for (Map.Entry<String, String> e : given.environment().entrySet()) {
            if (e.getKey().startsWith("TF_VAR_") && e.getKey().length() > 7) {
                values.put(e.getKey().substring(7), new Raw(e.getValue(), "TF_VAR_" + e.getKey().substring(7)));
            }
        }
        List<Path> files = new ArrayList<>();
        files.add(rootDir.resolve("terraform.tfvars"));
        files.add(rootDir.resolve("terraform.tfvars.json"));
        try (Stream<Path> s = Files.list(rootDir)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".auto.tfvars") || n.endsWith(".auto.tfvars.json");
            }).sorted().forEach(files::add);
        } catch (IOException e) {
            // no folder listing: no auto files
        }
        for (Path f : files) {
            if (Files.isRegularFile(f)) {
                readFile(f, display.apply(f));
            }
        }
        for (Path f : given.files()) {
            if (!Files.isRegularFile(f)) {
                failures.add(new InputFailure(display.apply(f), 0, 0, "no such variables file (--var-file)"));
            } else {
                readFile(f, display.apply(f));
            }
        }
        for (Map.Entry<String, String> e : given.values().entrySet()) {
            values.put(e.getKey(), new Raw(e.getValue(), "--var " + e.getKey()));
        }
    }

    private record Raw(String text, String where) {
    }

    private void readFile(Path f, String shown) {
        try {
            SourceText text = SourceFiles.read(f, shown);
            HclBody body = shown.endsWith(".json") ? HclJsonReader.readVariables(text) : HclParser.parse(shown, text.text());
            for (HclBody.Attribute a : body.attributes().values()) {
                values.put(a.name(), a.expression());
            }
            for (HclBody.Block b : body.blocks()) {
                failures.add(new InputFailure(shown, b.location().line(), b.location().column(),
                        "a variables file holds only NAME = VALUE lines, not blocks (" + b.type() + ")"));
            }
        } catch (HclSyntaxException e) {
            failures.add(new InputFailure(shown, e.location().line(), e.location().column(), e.problem()));
        } catch (InputException e) {
            failures.add(e.failure());
        }
    }

    List<InputFailure> failures() {
        return failures;
    }

    /** The value given for root variable {@code name}, or null when none was. */
    Value value(String name, HclExpression type, SourceLocation at) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        Scope constants = new Scope() {
            @Override
            public Value lookup(String root, List<String> names, int[] used, SourceLocation where) {
                return null;
            }

            @Override
            public ModuleInstance module() {
                return null;
            }
        };
        if (v instanceof HclExpression e) {
            return evaluator.evaluate(e, constants);
        }
        Raw raw = (Raw) v;
        boolean stringType = type == null || (type instanceof HclExpression.Variable t && t.name().equals("string"));
        if (!stringType || (type == null && looksStructured(raw.text()))) {
            try {
                return evaluator.evaluate(HclParser.parseExpression(raw.where(), raw.text(),
                        new SourceLocation(raw.where(), 0, 0)), constants);
            } catch (HclSyntaxException e) {
                if (!stringType) {
                    return ConfigValues.failed(raw.where(), e.problem(), at);
                }
            }
        }
        return ConfigValues.text(raw.text(), at);
    }

    private static boolean looksStructured(String s) {
        String t = s.strip();
        return t.startsWith("[") || t.startsWith("{");
    }
}
