package dev.preflight.cdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.preflight.engine.PreflightEngine;
import dev.preflight.engine.RunOutcome;
import dev.preflight.engine.RunRequest;
import dev.preflight.rules.BuiltInRules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Runs the same pipeline as {@code preflight check}: input discovery, format detection, the CloudFormation loader
 * (templates and cloud assemblies) and every built-in rule, with the configuration applied. Going through files
 * rather than a side entrance keeps CDK checks and CLI checks of {@code cdk.out} identical by construction.
 */
final class PreflightRunner {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PreflightRunner() {
    }

    /** A synthesized cloud assembly ({@code app.synth().getDirectory()}): every stack, cross-stack references resolved. */
    static RunOutcome checkAssembly(Path assemblyDirectory, PreflightOptions options) {
        return run(assemblyDirectory, options);
    }

    /**
     * Templates given as CDK's {@code Template.toJSON()} maps, keyed by the file name reports show
     * ({@code MyStack.template.json}). They are written pretty-printed to a temporary directory (so line numbers
     * point somewhere useful), checked together (imports between them resolve) and deleted.
     */
    static RunOutcome checkTemplates(Map<String, Map<String, Object>> templates, PreflightOptions options) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("preflight-cdk");
            for (Map.Entry<String, Map<String, Object>> e : templates.entrySet()) {
                JSON.writeValue(dir.resolve(e.getKey()).toFile(), e.getValue());
            }
            return run(dir, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the template for Preflight to a temporary directory", e);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private static RunOutcome run(Path dir, PreflightOptions options) {
        // the CLI's own merge of options and configuration file: one way, not a copy
        RunRequest request = RunRequest.merged(List.of(dir), List.of(), dir, options.config(), options.parameters(),
                options.region(), options.account(), options.today());
        return new PreflightEngine(BuiltInRules.all(), version()).run(request);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is not worth failing a test for
        }
    }

    static String version() {
        try (InputStream in = PreflightRunner.class.getResourceAsStream("/dev/preflight/cli/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
