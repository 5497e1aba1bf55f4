package dev.preflight.action;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's GitHub files (action.yml, the workflows, the pre-commit hooks) read with a strict YAML parser:
 * a plain scalar holding {@code ": "} or a duplicate key fails here as it fails on GitHub. actionlint checks the
 * semantics in .ci/run; bench/action-test.sh runs the steps.
 */
class ActionMetadataTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object doc = new Yaml(new SafeConstructor(options)).load(Files.readString(file));
        assertThat(doc).as(file.toString()).isInstanceOf(Map.class);
        return (Map<String, Object>) doc;
    }

    @Test
    @SuppressWarnings("unchecked")
    void actionYmlIsStrictYamlAndEveryInputItUsesIsDeclared() throws IOException {
        Path file = ROOT.resolve("action.yml");
        Map<String, Object> action = load(file);
        assertThat(action).containsKeys("name", "description", "inputs", "runs");
        Map<String, Object> inputs = (Map<String, Object>) action.get("inputs");
        inputs.forEach((name, spec) -> assertThat((Map<String, Object>) spec).as(name)
                .containsKey("description").containsKey("default"));
        TreeSet<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("inputs\\.([a-z][a-z0-9-]*)").matcher(Files.readString(file));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(inputs.keySet()).containsAll(used);
        Map<String, Object> runs = (Map<String, Object>) action.get("runs");
        assertThat(runs.get("using")).isEqualTo("composite");
        for (Map<String, Object> step : (List<Map<String, Object>>) runs.get("steps")) {
            if (step.containsKey("uses")) {
                assertThat((String) step.get("uses")).as("pinned to a major version").matches("[\\w.-]+/[\\w./-]+@v\\d+");
            } else {
                assertThat(step).as("a run step of a composite action needs its shell").containsEntry("shell", "bash");
                assertThat(step.get("run")).isInstanceOf(String.class);
            }
        }
    }

    @Test
    void workflowsAndHooksAreStrictYaml() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(ROOT.resolve(".github/workflows"))) {
            s.filter(p -> p.toString().matches(".*\\.ya?ml$")).forEach(files::add);
        }
        files.add(ROOT.resolve(".pre-commit-hooks.yaml"));
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path f : files) {
            if (f.getFileName().toString().equals(".pre-commit-hooks.yaml")) {
                Object hooks = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(f));
                assertThat(hooks).as(f.toString()).isInstanceOf(List.class);
            } else {
                // "on" is the boolean true to a YAML 1.1 parser (GitHub reads it as a key): jobs is enough
                assertThat(load(f)).as(f.toString()).containsKey("jobs");
            }
        }
    }

    @Test
    void aPlainScalarWithAColonIsRejected() {
        Path bad = ROOT.resolve("validator/target/bad-action.yml");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            Files.createDirectories(bad.getParent());
            Files.writeString(bad, "inputs:\n  x:\n    description: Run it too: auto or off.\n");
            load(bad);
        }).hasMessageContaining("mapping values are not allowed");
    }
}
