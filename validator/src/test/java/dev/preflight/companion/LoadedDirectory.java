package dev.preflight.companion;

import dev.preflight.engine.FormatDetector;
import dev.preflight.engine.InputKind;
import dev.preflight.load.InputException;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceText;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.cloudformation.CloudFormationLoader;
import dev.preflight.load.scp.ScpFileLoader;
import dev.preflight.load.terraform.TerraformPlanLoader;
import dev.preflight.model.ResourceGraph;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RunSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A fixture or sample directory loaded with the real loaders into a rule context, the way a run of
 * {@code preflight check DIR} would (templates, plans, {@code scp/*.json} as SCPs, {@code args} with
 * {@code --parameter K=V} and {@code --region}): the Java rules and the OPA input document see the same graph.
 */
final class LoadedDirectory {
    private LoadedDirectory() {
    }

    static RuleContext load(Path dir) throws IOException, InputException {
        Map<String, String> params = new LinkedHashMap<>();
        Optional<String> region = Optional.empty();
        Optional<String> account = Optional.empty();
        Path args = dir.resolve("args");
        if (Files.isRegularFile(args)) {
            List<String> lines = Files.readAllLines(args, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
            for (int i = 0; i + 1 < lines.size(); i++) {
                String a = lines.get(i);
                String v = lines.get(i + 1);
                if (a.equals("--parameter") || a.equals("-p")) {
                    int eq = v.indexOf('=');
                    params.put(v.substring(0, eq), v.substring(eq + 1));
                    i++;
                } else if (a.equals("--region")) {
                    region = Optional.of(v);
                    i++;
                } else if (a.equals("--account")) {
                    account = Optional.of(v);
                    i++;
                }
            }
        }
        LoadOptions options = new LoadOptions(params, region, account);
        List<SourceText> templates = new ArrayList<>();
        List<SourceText> plans = new ArrayList<>();
        List<SourceText> scps = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            String display = dir.relativize(f).toString().replace('\\', '/');
            if (!(name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".template"))) {
                continue;
            }
            SourceText text = SourceFiles.read(f, display);
            if (display.startsWith("scp/")) {
                scps.add(text);
                continue;
            }
            Optional<InputKind> kind = FormatDetector.detect(text.text());
            if (kind.isEmpty()) {
                continue;
            }
            if (kind.get() == InputKind.TERRAFORM_PLAN) {
                plans.add(text);
            } else {
                templates.add(text);
            }
        }
        LoadedInputs loaded = new CloudFormationLoader(options).load(templates, List.of(), p -> dir.relativize(p).toString())
                .plus(new TerraformPlanLoader(options).load(plans))
                .plus(new ScpFileLoader().load(scps));
        if (!loaded.failures().isEmpty()) {
            throw new IllegalStateException(dir + " does not load: " + loaded.failures());
        }
        return new RuleContext(new ResourceGraph(loaded.inputs(), loaded.resources()),
                new RunSettings(region, account, LocalDate.of(2026, 6, 1)));
    }
}
