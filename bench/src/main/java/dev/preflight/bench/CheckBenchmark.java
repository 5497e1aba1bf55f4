package dev.preflight.bench;

import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceText;
import dev.preflight.load.cloudformation.CloudFormationLoader;
import dev.preflight.model.ResourceGraph;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.RunSettings;
import dev.preflight.rules.BuiltInRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 3's step (load + graph) and the rule pack on top of it, at 50 and 10,000 resources, with a 512 MB heap.
 * {@code java -jar bench/target/benchmarks.jar CheckBenchmark} (the whole-process timings, JVM start included,
 * are in {@code bench/run.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CheckBenchmark {
    @Param({"50", "10000"})
    public int resources;

    private SourceText template;
    private ResourceGraph graph;

    @Setup
    public void generate() {
        template = new SourceText("generated.yaml", Path.of("generated.yaml"), GeneratedTemplate.yaml(resources));
        graph = loadAndBuildGraph();
    }

    @Benchmark
    public ResourceGraph loadAndBuildGraph() {
        LoadedInputs loaded = new CloudFormationLoader(LoadOptions.none()).load(List.of(template), List.of(), Path::toString);
        if (!loaded.failures().isEmpty()) {
            throw new IllegalStateException("generated template does not load: " + loaded.failures());
        }
        return new ResourceGraph(loaded.inputs(), loaded.resources());
    }

    @Benchmark
    public List<RuleResult> runRulePack() {
        RuleContext ctx = new RuleContext(graph, RunSettings.defaults());
        List<RuleResult> out = new ArrayList<>();
        for (Rule r : BuiltInRules.all()) {
            out.addAll(r.evaluate(ctx));
        }
        return out;
    }
}
