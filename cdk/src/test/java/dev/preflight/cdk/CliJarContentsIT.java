package dev.preflight.cdk;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI jar is for people without the CDK: it must never carry CDK or constructs classes (106 MiB, and a second
 * copy next to a user's own CDK version). Runs after the reactor built {@code validator/target/preflight.jar}.
 */
class CliJarContentsIT {

    @Test
    void shadedCliJarHasNoCdkClasses() throws Exception {
        Path jar = Path.of(System.getProperty("preflight.cli.jar", "../validator/target/preflight.jar"));
        assertThat(jar).as("the CLI jar; build it with ./mvnw -B verify").isRegularFile();
        List<String> entries;
        try (JarFile f = new JarFile(jar.toFile())) {
            entries = f.stream().map(e -> e.getName()).toList();
        }
        assertThat(entries).as("entries of " + jar).contains("dev/preflight/cli/PreflightCommand.class");
        assertThat(entries).filteredOn(e -> e.startsWith("software/amazon/awscdk/") || e.startsWith("software/constructs/")
                || e.startsWith("software/amazon/jsii/") || e.startsWith("dev/preflight/cdk/")).isEmpty();
        assertThat(Files.size(jar)).as("size of " + jar).isLessThan(30L * 1024 * 1024);
    }
}
