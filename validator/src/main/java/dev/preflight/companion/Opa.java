package dev.preflight.companion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.rule.RuleContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Custom Rego policies ({@code --policy DIR}) evaluated by OPA over its REST API, beside the built-in rules: an
 * existing server ({@code --opa-url}) or one Preflight starts on a free loopback port and stops at the end. The
 * policies are uploaded, {@code data.preflight} is evaluated with the {@link OpaInput} document, and the
 * {@code deny}/{@code warn} sets become results ({@link OpaFindings}). Every failure is one fault line (exit 2);
 * the built-in results are still reported.
 */
public final class Opa {
    static final String NAME = "opa";
    static final String VARIABLE = "PREFLIGHT_OPA";

    private Opa() {
    }

    /** A started (or skipped) OPA evaluation. */
    public interface Running {
        CompanionReport finish();
    }

    /** A policy file: its path, the name reports show, and its text. */
    record Policy(Path path, String displayPath, String text) {
    }

    public static Running start(CompanionSettings settings, RuleContext ctx, Function<Path, String> displayPath) {
        if (settings.policyDirs().isEmpty()) {
            return CompanionReport::empty;
        }
        List<Policy> policies;
        try {
            policies = read(settings.policyDirs(), displayPath);
        } catch (IllegalArgumentException e) {
            CompanionReport r = CompanionReport.fault(e.getMessage());
            return () -> r;
        }
        CompletableFuture<CompanionReport> work = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                work.complete(evaluate(settings, ctx, policies));
            } catch (RuntimeException | Error e) {
                work.complete(CompanionReport.fault("Rego policies could not be evaluated (" + e
                        + "); please report this"));
            }
        }, "preflight-opa");
        t.setDaemon(true);
        t.start();
        // each step is bounded by the OPA timeout; this bound only guards against a step that is not
        Duration bound = settings.opaTimeout().multipliedBy(4).plusSeconds(30);
        return () -> {
            try {
                return work.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                t.interrupt();
                return CompanionReport.fault("OPA did not finish within " + bound.toSeconds()
                        + " s; the Rego policies' results are missing: raise --opa-timeout");
            } catch (ExecutionException e) {
                return CompanionReport.fault("Rego policies could not be evaluated (" + e.getCause() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompanionReport.fault("interrupted while OPA evaluated the Rego policies");
            }
        };
    }

    static CompanionReport evaluate(CompanionSettings settings, RuleContext ctx, List<Policy> policies) {
        String what = "; the Rego policies' results are missing";
        if (settings.opaUrl().isPresent()) {
            OpaClient client = new OpaClient(settings.opaUrl().get(), settings.opaTimeout());
            return uploadAndEvaluate(client, ctx, policies, what, true);
        }
        ExecutableSearch.Found found = new ExecutableSearch(NAME, VARIABLE, settings.environment()).find();
        if (found.executable().isEmpty()) {
            return CompanionReport.fault("--policy was given but opa is not available: " + found.problem()
                    + "; install it (go install github.com/open-policy-agent/opa@v1.22.3), set " + VARIABLE
                    + " to its path, or give a server with --opa-url" + what);
        }
        try (OpaServer server = OpaServer.start(found.executable().get(), settings.opaTimeout())) {
            return uploadAndEvaluate(server.client(), ctx, policies, what, false);
        } catch (OpaClient.OpaException e) {
            return CompanionReport.fault(e.getMessage() + what);
        }
    }

    /** @param shared a server Preflight does not own: the uploaded policies are removed again at the end */
    private static CompanionReport uploadAndEvaluate(OpaClient client, RuleContext ctx, List<Policy> policies,
                                                     String what, boolean shared) {
        ObjectNode input = OpaInput.build(ctx);
        List<String> faults = new ArrayList<>();
        java.util.Set<String> uploaded = java.util.Set.of();
        try {
            // A policy may use another (a library) uploaded after it: upload again what failed while others
            // succeed; what still fails when a pass makes no progress is reported with OPA's errors.
            Map<String, Policy> byId = new LinkedHashMap<>();
            for (int i = 0; i < policies.size(); i++) {
                Policy p = policies.get(i);
                byId.put("preflight-" + (i + 1) + "/" + p.path().getFileName(), p);
            }
            Map<String, Policy> pending = new LinkedHashMap<>(byId);
            uploaded = byId.keySet();
            Map<String, OpaClient.CompileFailure> failed = new LinkedHashMap<>();
            boolean progress = true;
            while (!pending.isEmpty() && progress) {
                progress = false;
                failed.clear();
                for (Iterator<Map.Entry<String, Policy>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<String, Policy> e = it.next();
                    try {
                        client.putPolicy(e.getKey(), e.getValue().text());
                        it.remove();
                        progress = true;
                    } catch (OpaClient.CompileFailure f) {
                        failed.put(e.getKey(), f);
                    }
                }
            }
            for (Map.Entry<String, OpaClient.CompileFailure> f : failed.entrySet()) {
                Policy p = byId.get(f.getKey());
                for (OpaClient.CompileError e : f.getValue().errors) {
                    Policy at = byId.getOrDefault(e.file(), p);
                    String where = e.line() > 0 ? at.displayPath() + ":" + e.line() + ":" + e.column() : at.displayPath();
                    faults.add(where + ": Rego policy does not compile: " + OpaClient.oneLine(e.message())
                            + "; fix it (opa check " + at.displayPath() + ")");
                }
            }
            if (!faults.isEmpty()) {
                faults.set(faults.size() - 1, faults.get(faults.size() - 1) + what);
                return new CompanionReport(List.of(), List.of(), faults);
            }
            JsonNode result = client.evaluate("preflight", input);
            return OpaFindings.parse(result, ctx.graph(), policies.get(0).displayPath());
        } catch (OpaClient.OpaException e) {
            return CompanionReport.fault(e.getMessage() + what);
        } finally {
            if (shared) {
                uploaded.forEach(client::deletePolicy);
            }
        }
    }

    /** The .rego files of the given directories (or files), tests ({@code *_test.rego}) left out, in name order. */
    static List<Policy> read(List<Path> dirs, Function<Path, String> displayPath) {
        List<Policy> out = new ArrayList<>();
        for (Path dir : dirs) {
            List<Path> files;
            if (Files.isRegularFile(dir)) {
                files = List.of(dir);
            } else if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    files = s.filter(Files::isRegularFile)
                            .filter(p -> p.getFileName().toString().endsWith(".rego"))
                            .filter(p -> !p.getFileName().toString().endsWith("_test.rego"))
                            .sorted().toList();
                } catch (IOException | UncheckedIOException e) {
                    throw new IllegalArgumentException("--policy " + dir + ": cannot be read (" + e.getMessage() + ")");
                }
                if (files.isEmpty()) {
                    throw new IllegalArgumentException("--policy " + dir + " holds no .rego file; give the directory "
                            + "of your Rego policies");
                }
            } else {
                throw new IllegalArgumentException("--policy " + dir + ": no such file or directory");
            }
            for (Path f : files) {
                try {
                    out.add(new Policy(f, displayPath.apply(f), Files.readString(f, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new IllegalArgumentException("--policy: cannot read " + f + " (" + e.getMessage() + ")");
                }
            }
        }
        return out;
    }
}
