package dev.preflight.load.terraform.config;

import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.document.JsonTreeReader;
import dev.preflight.load.LoadOptions;
import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The evaluation of one root module and every module it calls. */
final class ConfigurationRun {
    private final Path rootDir;
    private final String rootDisplay;
    private final LoadOptions options;
    private final Function<Path, String> display;
    private final Map<Path, ModuleSource> cache;
    private final ExpressionEvaluator evaluator = new ExpressionEvaluator(this);
    private final VariableValues variables;
    private final IdentityHashMap<Value, ResourceNode.Instance> objects = new IdentityHashMap<>();
    private final Map<ResourceKey, ResourceNode.Instance> byKey = new HashMap<>();
    private final Map<String, Path> manifest = new LinkedHashMap<>();
    private ModuleInstance root;

    ConfigurationRun(Path rootDir, LoadOptions options, TerraformVariables given, Function<Path, String> display,
                     Map<Path, ModuleSource> cache) {
        this.rootDir = rootDir.toAbsolutePath().normalize();
        this.rootDisplay = display.apply(rootDir);
        this.options = options;
        this.display = display;
        this.cache = cache;
        this.variables = new VariableValues(this.rootDir, given, display, evaluator);
        readManifest();
    }

    /** {@code .terraform/modules/modules.json} as {@code terraform init} writes it: call key to folder. */
    private void readManifest() {
        Path f = rootDir.resolve(".terraform").resolve("modules").resolve("modules.json");
        if (!Files.isRegularFile(f)) {
            return;
        }
        try {
            if (Files.size(f) > 16L * 1024 * 1024) {
                return;
            }
            // the loaders' streaming JSON reader: Jackson's databind would add a few hundred classes to a check
            Value modules = JsonTreeReader.read(SourceFiles.read(f, display.apply(f))).get("Modules");
            for (Value m : modules == null ? List.<Value>of() : modules.items()) {
                String key = m.get("Key") == null ? "" : m.get("Key").text().orElse("");
                String dir = m.get("Dir") == null ? "" : m.get("Dir").text().orElse("");
                if (!key.isEmpty() && !dir.isEmpty()) {
                    manifest.put(key, rootDir.resolve(dir).normalize());
                }
            }
        } catch (IOException | InputException | RuntimeException e) {
            // an unreadable manifest is the same as none: the modules are reported as not installed
        }
    }

    String input() {
        return rootDisplay;
    }

    Path rootDir() {
        return rootDir;
    }

    String rootDisplay() {
        return rootDisplay;
    }

    ExpressionEvaluator evaluator() {
        return evaluator;
    }

    VariableValues variables() {
        return variables;
    }

    Path rootPath(String p) {
        return rootDir.resolve(p).normalize();
    }

    void register(Value object, ResourceNode.Instance instance) {
        objects.put(object, instance);
        byKey.put(instance.key(), instance);
    }

    ExpressionEvaluator.InstanceObject instanceOf(Value v) {
        return v == null ? null : objects.get(v);
    }

    ExpressionEvaluator.InstanceObject instance(ResourceKey key) {
        return byKey.get(key);
    }

    /** Where a module call's source is: a local folder, or what {@code terraform init} recorded. */
    Path moduleDir(Path callerDir, String source, String manifestKey) {
        if (ModuleCall.isLocal(source)) {
            Path p = callerDir.resolve(source).normalize();
            return Files.isDirectory(p) ? p : null;
        }
        Path p = manifest.get(manifestKey);
        return p != null && Files.isDirectory(p) ? p : null;
    }

    ModuleSource module(Path dir) {
        return cache.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> ModuleSource.read(d, display));
    }

    Value region(ModuleInstance from, SourceLocation at) {
        if (options.region().isPresent()) {
            return ConfigValues.text(options.region().get(), at);
        }
        ModuleInstance.ProviderConfig aws = from == null ? null : from.providers.get("aws");
        Value r = aws == null ? null : aws.region();
        if (r != null && !ConfigValues.unknown(r) && ConfigValues.string(r).isPresent()) {
            return ConfigValues.text(ConfigValues.string(r).get(), at);
        }
        return ConfigValues.pseudo("the AWS region (data.aws_region)", "--region", at);
    }

    Value account(SourceLocation at) {
        if (options.account().isPresent()) {
            return ConfigValues.text(options.account().get(), at);
        }
        return ConfigValues.pseudo("the AWS account id (data.aws_caller_identity)", "--account", at);
    }

    /** Evaluates the root module and everything it calls into resources, in the order of the configuration. */
    List<Resource> evaluate() {
        ModuleSource source = module(rootDir);
        root = new ModuleInstance(this, source, "", "", ".", Map.of(), null, null);
        List<ResourceNode.Instance> all = new ArrayList<>();
        root.collect(all);
        List<Resource> out = new ArrayList<>();
        for (ResourceNode.Instance i : all) {
            ResourceNode node = i.node();
            SourceLocation at = node.block.location();
            Map<String, Value> props = i.properties();
            out.add(new Resource(i.key(), node.type, Dialect.TERRAFORM, new Value.Struct(props, at), at, null, null,
                    null, node.data));
        }
        return out;
    }

    /** Syntax errors of every module folder this run read, and of its variables files. */
    List<InputFailure> failures() {
        List<InputFailure> out = new ArrayList<>(variables.failures());
        for (ModuleSource m : cache.values()) {
            out.addAll(m.failures);
        }
        return out;
    }
}
