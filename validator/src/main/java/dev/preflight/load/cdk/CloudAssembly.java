package dev.preflight.load.cdk;

import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
import dev.preflight.load.document.JsonTreeReader;
import dev.preflight.model.Value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CDK cloud assembly ({@code cdk.out}): the {@code aws:cloudformation:stack} artifacts of its
 * {@code manifest.json}. {@code tree.json}, asset directories and other artifact types are not needed and may be
 * missing. Nested stack templates are found from the stack templates themselves (see the CloudFormation loader).
 *
 * @param directory   the assembly directory
 * @param displayPath how reports name the directory
 * @param stacks      the stack artifacts in manifest order
 * @param fileAssets  asset hash -> file in the assembly, from the {@code cdk:asset-manifest} artifacts (how nested
 *                    stack templates are found when {@code aws:asset:path} metadata is turned off)
 * @param refused     stack artifacts whose template cannot be read: a manifest names only regular files inside its
 *                    own assembly (a {@code templateFile} of {@code ../../etc/passwd} or a link to {@code /dev/zero}
 *                    is refused, the other stacks are still read)
 */
public record CloudAssembly(Path directory, String displayPath, List<Stack> stacks, Map<String, String> fileAssets,
                            List<InputFailure> refused) {

    private static final Pattern ENVIRONMENT = Pattern.compile("aws://([^/]*)/(.*)");

    /**
     * One stack artifact.
     *
     * @param artifactId     the artifact id in the manifest
     * @param stackName      {@code properties.stackName}, else the artifact id (CloudFormation's stack name)
     * @param templateFile   the template path inside the assembly
     * @param account        the account of a concrete {@code environment}, empty for {@code unknown-account}
     * @param region         the region of a concrete {@code environment}, empty for {@code unknown-region}
     * @param constructPaths logical id -> construct path, from {@code aws:cdk:logicalId} metadata (in the manifest or
     *                       in the stack's {@code additionalMetadataFile})
     */
    public record Stack(String artifactId, String stackName, Path templateFile, Optional<String> account,
                        Optional<String> region, Map<String, String> constructPaths) {
    }

    /** Reads {@code manifest.json} of the directory. */
    public static CloudAssembly read(Path directory, Function<Path, String> displayPath) throws InputException {
        String display = displayPath.apply(directory);
        Path manifestPath = directory.resolve("manifest.json");
        if (!Files.isRegularFile(manifestPath)) {
            throw new InputException(display, 0, 0, "no manifest.json; a CDK cloud assembly is the cdk.out directory "
                    + "that 'cdk synth' writes");
        }
        SourceText manifestText = SourceFiles.read(manifestPath, displayPath.apply(manifestPath));
        Value manifest = JsonTreeReader.read(manifestText);
        Value artifacts = manifest.get("artifacts");
        List<Stack> stacks = new ArrayList<>();
        Map<String, String> fileAssets = new HashMap<>();
        List<InputFailure> refused = new ArrayList<>();
        if (artifacts instanceof Value.Struct all) {
            for (Map.Entry<String, Value> e : all.fields().entrySet()) {
                Value artifact = e.getValue();
                if ("cdk:asset-manifest".equals(text(artifact.get("type")))) {
                    readAssets(directory, text(artifact.at("properties", "file")), fileAssets);
                    continue;
                }
                if (!"aws:cloudformation:stack".equals(text(artifact.get("type")))) {
                    continue;
                }
                String templateFile = text(artifact.at("properties", "templateFile"));
                if (templateFile == null) {
                    var l = artifact.location();
                    throw new InputException(manifestText.displayPath(), l.line(), l.column(), "stack artifact "
                            + e.getKey() + " has no properties.templateFile; re-run 'cdk synth'");
                }
                Path template = directory.resolve(templateFile).normalize();
                String outside = outsideAssembly(directory, template);
                if (outside != null) {
                    var l = artifact.at("properties", "templateFile").location();
                    refused.add(new InputFailure(manifestText.displayPath(), l.line(), l.column(), "stack artifact "
                            + e.getKey() + ": properties.templateFile " + templateFile + " " + outside
                            + "; a cloud assembly's manifest can name only regular files inside the assembly "
                            + "(re-run 'cdk synth')"));
                    continue;
                }
                String stackName = text(artifact.at("properties", "stackName"));
                Optional<String> account = Optional.empty();
                Optional<String> region = Optional.empty();
                String env = text(artifact.get("environment"));
                Matcher m = env == null ? null : ENVIRONMENT.matcher(env);
                if (m != null && m.matches()) {
                    account = concrete(m.group(1));
                    region = concrete(m.group(2));
                }
                Map<String, String> paths = new HashMap<>(constructPaths(artifact.get("metadata")));
                additionalMetadata(directory, text(artifact.get("additionalMetadataFile")))
                        .forEach(paths::putIfAbsent);
                stacks.add(new Stack(e.getKey(), stackName == null ? e.getKey() : stackName,
                        template, account, region, Map.copyOf(paths)));
            }
        }
        return new CloudAssembly(directory, display, List.copyOf(stacks), Map.copyOf(fileAssets), List.copyOf(refused));
    }

    /** Asset hashes of one asset manifest; a missing or unreadable one only means fewer nested templates found. */
    private static void readAssets(Path directory, String file, Map<String, String> out) {
        if (file == null || outsideAssembly(directory, directory.resolve(file).normalize()) != null) {
            return;
        }
        try {
            Value assets = JsonTreeReader.read(SourceFiles.read(directory.resolve(file), file));
            if (assets.get("files") instanceof Value.Struct files) {
                for (Map.Entry<String, Value> e : files.fields().entrySet()) {
                    String path = text(e.getValue().at("source", "path"));
                    if (path != null) {
                        out.putIfAbsent(e.getKey(), path);
                    }
                }
            }
        } catch (InputException e) {
            // tolerated: see above
        }
    }

    /**
     * Construct paths from the stack's {@code additionalMetadataFile} ({@code Net.metadata.json}): CDK 2.x writes
     * the stack metadata there instead of into the manifest. A missing or unreadable file only means fewer
     * construct paths.
     */
    private static Map<String, String> additionalMetadata(Path directory, String file) {
        if (file == null) {
            return Map.of();
        }
        Path p = directory.resolve(file).normalize();
        if (outsideAssembly(directory, p) != null) {
            return Map.of();
        }
        try {
            return constructPaths(JsonTreeReader.read(SourceFiles.read(p, file)));
        } catch (InputException e) {
            return Map.of();
        }
    }

    /**
     * Why {@code file} cannot be read as part of the assembly in {@code directory} ("is outside the cloud
     * assembly", "does not exist", "is a character device"), or null when it is a regular file inside it. Symbolic
     * links are resolved first, so a link inside the assembly to a file outside it is outside.
     */
    public static String outsideAssembly(Path directory, Path file) {
        Path dir;
        try {
            dir = directory.toRealPath();
        } catch (IOException e) {
            dir = directory.toAbsolutePath().normalize();
        }
        if (!file.toAbsolutePath().normalize().startsWith(directory.toAbsolutePath().normalize())) {
            return "is outside the cloud assembly";
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            return "does not exist";
        }
        if (!real.startsWith(dir)) {
            return "is a link to " + real + ", outside the cloud assembly";
        }
        String special = SourceFiles.notRegularFile(real);
        if (special != null) {
            return "is " + special;
        }
        return Files.isRegularFile(real) ? null : "is not a regular file";
    }

    private static Optional<String> concrete(String s) {
        return s.isEmpty() || s.startsWith("unknown-") || s.contains("${") ? Optional.empty() : Optional.of(s);
    }

    private static Map<String, String> constructPaths(Value metadata) {
        Map<String, String> out = new HashMap<>();
        if (metadata instanceof Value.Struct m) {
            for (Map.Entry<String, Value> e : m.fields().entrySet()) {
                for (Value entry : e.getValue().items()) {
                    if ("aws:cdk:logicalId".equals(text(entry.get("type")))) {
                        String id = text(entry.get("data"));
                        if (id != null) {
                            String path = e.getKey().startsWith("/") ? e.getKey().substring(1) : e.getKey();
                            out.putIfAbsent(id, path);
                        }
                    }
                }
            }
        }
        return Map.copyOf(out);
    }

    private static String text(Value v) {
        return v instanceof Value.Text t ? t.value() : null;
    }
}
