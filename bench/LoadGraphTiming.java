import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
import dev.preflight.load.cloudformation.CloudFormationLoader;
import dev.preflight.model.ResourceGraph;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;

/**
 * Times reading + loading + graph building of one CloudFormation template inside one JVM, the step issue 3 sets a
 * target for (10,000 resources in under 1.5 s with a 512 MB heap). Run as a single-file program against the jar:
 * {@code java -Xmx512m -cp validator/target/preflight.jar bench/LoadGraphTiming.java FILE [REPEATS]}.
 * The first repetition is the cold one a CLI run pays; the later ones show the warmed-up cost.
 */
public final class LoadGraphTiming {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        // on a shared machine wall time includes waiting for a core; the thread's CPU time does not
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int i = 1; i <= repeats; i++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            SourceText text = SourceFiles.read(file, file.toString());
            long t1 = System.nanoTime();
            LoadedInputs loaded = new CloudFormationLoader(LoadOptions.none()).load(List.of(text), List.of(), Path::toString);
            long t2 = System.nanoTime();
            ResourceGraph graph = new ResourceGraph(loaded.inputs(), loaded.resources());
            long t3 = System.nanoTime();
            long c3 = cpu.getCurrentThreadCpuTime();
            System.out.printf("run %d: read %d ms, load %d ms, graph %d ms, total %d ms wall, %d ms CPU (%d resources, %d failures)%n",
                    i, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t3 - t0), ms(c3 - c0), graph.size(), loaded.failures().size());
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
