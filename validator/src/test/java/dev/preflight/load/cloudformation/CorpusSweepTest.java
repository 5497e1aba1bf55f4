package dev.preflight.load.cloudformation;

import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Loads the shared real-world corpus: no exception escapes, every good template loads, bad ones fail in one line. */
class CorpusSweepTest {

    static Path corpus() {
        for (Path p : List.of(Path.of("../../shared/corpus"), Path.of("../shared/corpus"), Path.of("/work/shared/corpus"))) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(ya?ml|json|template)$"))
                    .sorted().toList();
        }
    }

    /** CPU time of the whole process (parsing runs on a pool), or 0 where the JVM does not say. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    private record Sweep(LoadedInputs loaded, List<InputFailure> readFailures, long millis, long cpuMillis) {
    }

    private static Sweep load(Path root, List<Path> files, List<Path> assemblies) {
        long start = System.nanoTime();
        long cpu = processCpuNanos();
        List<SourceText> texts = new ArrayList<>();
        List<InputFailure> readFailures = new ArrayList<>();
        for (Path f : files) {
            try {
                texts.add(SourceFiles.read(f, root.relativize(f).toString()));
            } catch (InputException e) {
                readFailures.add(e.failure());
            }
        }
        LoadedInputs loaded = new CloudFormationLoader(LoadOptions.none()).load(texts, assemblies,
                p -> root.relativize(p.toAbsolutePath().normalize()).toString());
        return new Sweep(loaded, readFailures, (System.nanoTime() - start) / 1_000_000,
                (processCpuNanos() - cpu) / 1_000_000);
    }

    @Test
    void everyGoodTemplateLoads() throws IOException {
        Path corpus = corpus();
        Assumptions.assumeTrue(corpus != null, "shared corpus not found (../shared/corpus); sweep skipped");
        Path cfn = corpus.resolve("cfn");
        Sweep s = load(corpus, files(cfn), List.of());
        System.out.printf("corpus cfn: %d templates, %d resources, %d failures in %d ms (%d ms CPU)%n",
                s.loaded().inputs().size(), s.loaded().resources().size(),
                s.loaded().failures().size() + s.readFailures().size(), s.millis(), s.cpuMillis());
        s.loaded().failures().forEach(f -> System.out.println("  " + f.oneLine()));
        assertThat(s.readFailures()).isEmpty();
        assertThat(s.loaded().failures()).isEmpty();
    }

    @Test
    void badTemplatesLoadOrFailInOneLine() throws IOException {
        Path corpus = corpus();
        Assumptions.assumeTrue(corpus != null, "shared corpus not found (../shared/corpus); sweep skipped");
        Sweep s = load(corpus, files(corpus.resolve("cfn-bad")), List.of());
        List<InputFailure> all = new ArrayList<>(s.loaded().failures());
        all.addAll(s.readFailures());
        System.out.printf("corpus cfn-bad: %d loaded, %d failures in %d ms (%d ms CPU)%n", s.loaded().inputs().size(),
                all.size(), s.millis(), s.cpuMillis());
        all.forEach(f -> System.out.println("  " + f.oneLine()));
        for (InputFailure f : all) {
            assertThat(f.oneLine()).doesNotContain("\n").doesNotContain("please report");
        }
    }

    @Test
    void everyCloudAssemblyLoads() throws IOException {
        Path corpus = corpus();
        Assumptions.assumeTrue(corpus != null, "shared corpus not found (../shared/corpus); sweep skipped");
        List<Path> assemblies;
        try (Stream<Path> s = Files.walk(corpus.resolve("cdk"))) {
            assemblies = s.filter(p -> p.getFileName().toString().equals("manifest.json")).map(Path::getParent)
                    .sorted().toList();
        }
        Sweep s = load(corpus, List.of(), assemblies);
        System.out.printf("corpus cdk: %d assemblies, %d resources, %d failures in %d ms (%d ms CPU)%n",
                s.loaded().inputs().size(), s.loaded().resources().size(), s.loaded().failures().size(), s.millis(),
                s.cpuMillis());
        s.loaded().failures().forEach(f -> System.out.println("  " + f.oneLine()));
        assertThat(s.loaded().inputs()).hasSize(assemblies.size());
        assertThat(s.loaded().failures()).isEmpty();
    }
}
