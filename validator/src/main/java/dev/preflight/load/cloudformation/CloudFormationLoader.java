package dev.preflight.load.cloudformation;

import dev.preflight.load.InputBudget;
import dev.preflight.load.DeclaredWaiver;
import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
import dev.preflight.load.cdk.CloudAssembly;
import dev.preflight.model.Dialect;
import dev.preflight.model.InputDocument;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Loads every CloudFormation input of a run (templates and CDK cloud assemblies) into {@link Resource}s with
 * intrinsic functions resolved as far as the inputs and {@link LoadOptions} decide them.
 *
 * <h2>Reading</h2>
 * JSON (text starting with '{') through Jackson, anything else as YAML 1.1 through SnakeYAML with every short tag;
 * limits in {@link YamlTreeReader}. A template that cannot be read, whose top level is not a mapping, whose
 * {@code Resources} is not a mapping, or with a resource without {@code Type} becomes an {@link InputFailure}
 * (file, line, column, one line); the other inputs are still loaded. A missing or empty {@code Resources} gives no
 * resources.
 *
 * <h2>Resolution</h2>
 * <ul>
 *   <li>{@code Ref} to a parameter: {@code --parameter} value, then {@code Default}, else
 *       {@link dev.preflight.model.UnknownOrigin.ParameterWithoutValue}. {@code List<...>} and
 *       {@code CommaDelimitedList} values become lists. A parameter of type {@code AWS::SSM::Parameter::Value<...>}
 *       is an unknown whose origin is {@link dev.preflight.model.UnknownOrigin.SsmParameter} with the SSM path;
 *       {@code {{resolve:ssm:NAME[:version]}}} in a string likewise
 *       ({@link dev.preflight.model.UnknownOrigin.SecretReference} for Secrets Manager).</li>
 *   <li>{@code Ref} to a resource: {@link Value.Reference} (attribute null) whose resolved value is the name
 *       property for types whose {@code Ref} returns it when set (role, instance profile, bucket, SSM parameter,
 *       ...), else {@code Unknown(ASSIGNED_AT_DEPLOY)}. {@code Fn::GetAtt}: a reference whose resolved value is
 *       the target's property of the same name when written (a VPC's {@code CidrBlock}, a security group's
 *       {@code VpcId}), else {@code Unknown(ASSIGNED_AT_DEPLOY)}; cycles give {@code Unknown(UNSUPPORTED)}.</li>
 *   <li>Pseudo parameters: {@code AWS::Region}/{@code AWS::AccountId} from the options (or a CDK stack's concrete
 *       environment), {@code AWS::Partition}/{@code AWS::URLSuffix} from the region (default {@code aws},
 *       {@code amazonaws.com}), {@code AWS::StackName} known only for CDK stacks, {@code AWS::NoValue} removes the
 *       property or list item (kept as {@link Value.Absent} inside an undecided condition).</li>
 *   <li>{@code Fn::Sub} and {@code Fn::Join}: text when every piece is known, else a {@link Value.Template} of the
 *       known text and the unknown pieces ({@code com.amazonaws.${AWS::Region}.guardduty-data}). A piece under an
 *       undecided condition gives a {@link Value.Conditional} of both joined strings.</li>
 *   <li>{@code Fn::If} and resource {@code Condition}s are decided from {@code Conditions} when their inputs are
 *       known; otherwise {@link Value.Conditional} (and {@link Resource#condition()}); a resource whose condition is
 *       false is left out. {@code Fn::Select}, {@code Fn::Split}, {@code Fn::FindInMap} (with
 *       {@code DefaultValue}), {@code Fn::Base64} (the plain text), {@code Fn::Cidr} (IPv4),
 *       {@code Fn::ToJsonString}, {@code Fn::Length} are evaluated; {@code Fn::GetAZs} is unknown.</li>
 *   <li>{@code Fn::ImportValue}: the {@code Outputs.*.Export.Name} of every template of the call. See
 *       {@link RunScope} for which names match. A match gives the exported value (a reference into the exporting
 *       file for a {@code Ref}/{@code GetAtt} output), else {@code Unknown(IMPORT_NOT_FOUND)}.</li>
 *   <li>Local nested stacks ({@code TemplateURL: ./network.yaml} before {@code aws cloudformation package}, SAM
 *       {@code Location}): the nested template (read from disk when it is not among the inputs, then an input of
 *       its own) takes its parameters from the parent's {@code Parameters}, and its outputs answer
 *       {@code Fn::GetAtt Stack.Outputs.X} (a reference to the nested resource). Outputs of a nested stack whose
 *       template is elsewhere are {@code Unknown(OUTSIDE_INPUTS)}.</li>
 *   <li>Transforms (SAM, macros) are not expanded; resources are loaded as written. {@code Fn::ForEach} loops of
 *       {@code AWS::LanguageExtensions} are expanded when the collection is known (a loop over an unknown
 *       collection gives no resources); expanded resources point at their key inside the loop.</li>
 * </ul>
 *
 * <h2>CDK cloud assemblies</h2>
 * Every {@code aws:cloudformation:stack} artifact, with the artifact's stack name for {@code AWS::StackName} (so
 * CDK's cross-stack exports resolve), construct paths from {@code aws:cdk:path} metadata or the manifest's
 * {@code aws:cdk:logicalId} entries, and nested stack templates ({@code aws:asset:path} metadata of
 * {@code AWS::CloudFormation::Stack} resources) whose parameters come from the parent and whose outputs answer
 * {@code Fn::GetAtt Stack.Outputs.X}. Resources keep the template file they are written in.
 */
public final class CloudFormationLoader {
    private static final int MAX_NESTED_DEPTH = 10;
    private static final int PARSE_THREADS = 4;
    /** Nested templates read from disk beyond the inputs, at most (a guard against runaway chains). */
    private static final int MAX_READ_NESTED = 100;
    private static final java.util.regex.Pattern ASSET_OBJECT = java.util.regex.Pattern.compile("([0-9a-f]{64})\\.json$");

    private final LoadOptions options;

    public CloudFormationLoader(LoadOptions options) {
        this.options = options;
    }

    /** One loaded template and where its construct paths come from. */
    private record Loaded(TemplateScope scope, Map<String, String> constructPaths) {
    }

    /** Templates read by the engine (format already detected as CloudFormation) and cloud-assembly directories. */
    public LoadedInputs load(List<SourceText> templates, List<Path> cloudAssemblies,
                             Function<Path, String> displayPath) {
        RunScope run = new RunScope();
        List<InputDocument> inputs = new ArrayList<>();
        List<InputFailure> failures = new ArrayList<>();
        List<Loaded> loaded = new ArrayList<>();
        loadTemplates(templates, run, inputs, failures, loaded, displayPath);
        for (Path dir : cloudAssemblies) {
            String display = safeDisplay(displayPath, dir);
            try {
                CloudAssembly assembly = CloudAssembly.read(dir, displayPath);
                failures.addAll(assembly.refused());
                for (CloudAssembly.Stack stack : assembly.stacks()) {
                    String file = safeDisplay(displayPath, stack.templateFile());
                    try {
                        TemplateScope scope = new TemplateScope(TemplateSource.parse(
                                SourceFiles.read(stack.templateFile(), file)), run, Optional.of(stack.stackName()),
                                stack.region().or(options::region), stack.account().or(options::account),
                                options.parameters(), null, null);
                        run.add(scope);
                        loaded.add(new Loaded(scope, stack.constructPaths()));
                        addNested(scope, stack, assembly, run, loaded, failures, displayPath, new HashSet<>(), 1);
                    } catch (InputException e) {
                        failures.add(e.failure());
                    } catch (InputBudget.Exceeded e) {
                        failures.add(e.failure());
                    } catch (RuntimeException | StackOverflowError e) {
                        failures.add(internal(file, e));
                    }
                }
                inputs.add(new InputDocument(display, InputFormat.CDK_ASSEMBLY));
            } catch (InputException e) {
                failures.add(e.failure());
            } catch (InputBudget.Exceeded e) {
                failures.add(e.failure());
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(internal(display, e));
            }
        }
        List<Resource> resources = new ArrayList<>();
        List<DeclaredWaiver> waivers = new ArrayList<>();
        for (Loaded l : loaded) {
            try {
                l.scope().meter.restart();
                run.clock(l.scope().meter);
                List<Resource> rs = resources(l);
                resources.addAll(rs);
                for (Resource r : rs) {
                    MetadataWaivers.read(r, waivers, failures);
                }
            } catch (InputBudget.Exceeded e) {
                failures.add(e.failure());
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(internal(l.scope().file, e));
            }
        }
        return new LoadedInputs(inputs, resources, waivers, failures);
    }

    /** A nested stack of a template: the parent's index and the logical id of its stack resource. */
    private record ParentLink(int parent, String resource) {
    }

    /**
     * Templates, with local nested stacks ({@code TemplateURL: ./network.yaml}, as {@code aws cloudformation
     * package} reads them; SAM {@code Location}) linked to their parent: the child's parameters come from the
     * parent's {@code Parameters} and its outputs answer {@code Fn::GetAtt Stack.Outputs.X}. A nested template that
     * is not among the inputs is read from disk and becomes an input of its own.
     */
    private void loadTemplates(List<SourceText> templates, RunScope run, List<InputDocument> inputs,
                               List<InputFailure> failures, List<Loaded> loaded, Function<Path, String> displayPath) {
        List<SourceText> texts = new ArrayList<>(templates);
        List<TemplateSource> parsed = parseAll(texts, failures);
        Map<Path, Integer> byPath = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            SourceText t = texts.get(i);
            if (t.path() != null && parsed.get(i) != null) {
                byPath.putIfAbsent(t.path().toAbsolutePath().normalize(), i);
            }
        }
        Map<Integer, ParentLink> parentOf = new HashMap<>();
        for (int i = 0; i < parsed.size(); i++) {
            if (parsed.get(i) == null || texts.get(i).path() == null) {
                continue;
            }
            try {
                linkNested(i, templates.size(), texts, parsed, byPath, parentOf, failures, displayPath);
            } catch (RuntimeException e) {
                failures.add(internal(texts.get(i).displayPath(), e));
            }
        }
        createScopes(texts, parsed, parentOf, run, inputs, failures, loaded);
    }

    private void linkNested(int i, int given, List<SourceText> texts, List<TemplateSource> parsed,
                            Map<Path, Integer> byPath, Map<Integer, ParentLink> parentOf, List<InputFailure> failures,
                            Function<Path, String> displayPath) {
        Path dir = texts.get(i).path().toAbsolutePath().normalize().getParent();
        for (Map.Entry<String, String> nested : localNestedStacks(parsed.get(i).root()).entrySet()) {
            Path file = dir == null ? null : resolveLocal(dir, nested.getValue());
            if (file == null) {
                continue;
            }
            Integer child = byPath.get(file);
            if (child == null && Files.isRegularFile(file) && texts.size() < given + MAX_READ_NESTED) {
                String display = safeDisplay(displayPath, file);
                try {
                    texts.add(SourceFiles.read(file, display));
                    parsed.add(parse(texts.get(texts.size() - 1), failures));
                    child = parsed.size() - 1;
                    byPath.put(file, child);
                } catch (InputException e) {
                    failures.add(e.failure());
                }
            }
            if (child != null && parsed.get(child) != null && !parentOf.containsKey(child)
                    && !descendsFrom(i, child, parentOf)) {
                parentOf.put(child, new ParentLink(i, nested.getKey()));
            }
        }
    }

    private void createScopes(List<SourceText> texts, List<TemplateSource> parsed, Map<Integer, ParentLink> parentOf,
                              RunScope run, List<InputDocument> inputs, List<InputFailure> failures,
                              List<Loaded> loaded) {
        TemplateScope[] scopes = new TemplateScope[parsed.size()];
        boolean[] done = new boolean[parsed.size()];
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < parsed.size(); i++) {
                ParentLink link = parentOf.get(i);
                if (done[i] || (link != null && !done[link.parent()])) {
                    continue;
                }
                done[i] = true;
                progress = true;
                if (parsed.get(i) == null) {
                    continue;
                }
                TemplateScope parent = link == null ? null : scopes[link.parent()];
                try {
                    TemplateScope scope = new TemplateScope(parsed.get(i), run, Optional.empty(), options.region(),
                            options.account(), options.parameters(), parent, parent == null ? null : link.resource());
                    run.add(scope);
                    if (parent != null) {
                        run.addNested(parent, link.resource(), scope);
                    }
                    scopes[i] = scope;
                } catch (InputException e) {
                    failures.add(e.failure());
                } catch (InputBudget.Exceeded e) {
                    failures.add(e.failure());
                } catch (RuntimeException | StackOverflowError e) {
                    failures.add(internal(texts.get(i).displayPath(), e));
                }
            }
        }
        for (int i = 0; i < parsed.size(); i++) {
            if (scopes[i] != null) {
                loaded.add(new Loaded(scopes[i], Map.of()));
                inputs.add(new InputDocument(texts.get(i).displayPath(), InputFormat.CLOUDFORMATION));
            }
        }
    }

    /**
     * Parses the templates on a small pool (parsing is most of the work and templates are independent);
     * failures are reported in input order. Resolution stays on the calling thread.
     */
    private static List<TemplateSource> parseAll(List<SourceText> texts, List<InputFailure> failures) {
        List<List<InputFailure>> perInput = new ArrayList<>();
        List<TemplateSource> out = new ArrayList<>();
        int threads = Math.min(PARSE_THREADS, Runtime.getRuntime().availableProcessors());
        if (texts.size() < 4 || threads < 2) {
            for (SourceText t : texts) {
                out.add(parse(t, failures));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "preflight-cfn-parse");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TemplateSource>> futures = new ArrayList<>();
            for (SourceText t : texts) {
                List<InputFailure> own = new ArrayList<>(1);
                perInput.add(own);
                futures.add(pool.submit(() -> parse(t, own)));
            }
            for (int i = 0; i < futures.size(); i++) {
                TemplateSource source = null;
                try {
                    source = futures.get(i).get();
                } catch (ExecutionException e) {
                    perInput.get(i).add(internal(texts.get(i).displayPath(), e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    perInput.get(i).add(new InputFailure(texts.get(i).displayPath(), 0, 0,
                            "not loaded: the run was interrupted"));
                }
                out.add(source);
                failures.addAll(perInput.get(i));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static TemplateSource parse(SourceText t, List<InputFailure> failures) {
        try {
            return TemplateSource.parse(t);
        } catch (InputException e) {
            failures.add(e.failure());
        } catch (InputBudget.Exceeded e) {
            failures.add(e.failure());
        } catch (RuntimeException | StackOverflowError e) {
            failures.add(internal(t.displayPath(), e));
        }
        return null;
    }

    private static boolean descendsFrom(int template, int ancestor, Map<Integer, ParentLink> parentOf) {
        Integer at = template;
        for (int steps = 0; at != null && steps <= parentOf.size(); steps++) {
            if (at == ancestor) {
                return true;
            }
            ParentLink up = parentOf.get(at);
            at = up == null ? null : up.parent();
        }
        return false;
    }

    /** Logical id -> local template path of nested stacks written with a relative path. */
    private static Map<String, String> localNestedStacks(Value.Struct root) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (root.get("Resources") instanceof Value.Struct resources) {
            for (Map.Entry<String, Value> e : resources.fields().entrySet()) {
                String type = e.getValue().get("Type") instanceof Value.Text t ? t.value() : "";
                Value location = type.equals("AWS::CloudFormation::Stack") ? e.getValue().at("Properties", "TemplateURL")
                        : type.equals("AWS::Serverless::Application") ? e.getValue().at("Properties", "Location")
                        : null;
                if (location instanceof Value.Text t && !t.value().contains("://") && !t.value().startsWith("s3:")
                        && !t.value().isBlank()) {
                    out.put(e.getKey(), t.value());
                }
            }
        }
        return out;
    }

    private static Path resolveLocal(Path dir, String relative) {
        try {
            return dir.resolve(relative).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private static String safeDisplay(Function<Path, String> displayPath, Path p) {
        try {
            return displayPath.apply(p);
        } catch (RuntimeException e) {
            return p.toString();
        }
    }

    private static InputFailure internal(String file, Throwable e) {
        return new InputFailure(file, 0, 0, "could not be loaded (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' '))
                + "); please report this as a Preflight bug with the file");
    }

    /** Nested stack templates written into the assembly by CDK, found through {@code aws:asset:path}. */
    private void addNested(TemplateScope parent, CloudAssembly.Stack stack, CloudAssembly assembly, RunScope run,
                           List<Loaded> loaded, List<InputFailure> failures, Function<Path, String> displayPath,
                           Set<Path> seen, int depth) {
        if (depth > MAX_NESTED_DEPTH) {
            return;
        }
        for (String id : parent.resourceIds()) {
            if (!parent.type(id).equals("AWS::CloudFormation::Stack")) {
                continue;
            }
            String asset = nestedTemplateFile(parent.resourceBody(id), assembly);
            if (asset == null) {
                continue;
            }
            Path templatePath = assembly.directory().resolve(asset).normalize();
            String file = safeDisplay(displayPath, templatePath);
            String outside = CloudAssembly.outsideAssembly(assembly.directory(), templatePath);
            if ("does not exist".equals(outside)) {
                continue; // as before: its outputs stay unknown
            }
            if (outside != null) {
                var l = parent.resourceLocation(id);
                failures.add(new InputFailure(parent.file, l.line(), l.column(), "nested stack " + id + ": template "
                        + asset + " " + outside + "; a cloud assembly's templates can name only regular files "
                        + "inside the assembly (re-run 'cdk synth')"));
                continue;
            }
            if (!seen.add(templatePath)) {
                continue;
            }
            try {
                TemplateScope child = new TemplateScope(TemplateSource.parse(SourceFiles.read(templatePath, file)),
                        run, Optional.empty(), stack.region().or(options::region),
                        stack.account().or(options::account), Map.of(), parent, id);
                run.add(child);
                run.addNested(parent, id, child);
                loaded.add(new Loaded(child, stack.constructPaths()));
                addNested(child, stack, assembly, run, loaded, failures, displayPath, seen, depth + 1);
            } catch (InputException e) {
                failures.add(e.failure());
            } catch (InputBudget.Exceeded e) {
                failures.add(e.failure());
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(internal(file, e));
            }
        }
    }

    /** {@code aws:asset:path} metadata, else the asset whose hash names the {@code TemplateURL} object. */
    private static String nestedTemplateFile(Value.Struct stackResource, CloudAssembly assembly) {
        Value assetPath = stackResource.at("Metadata", "aws:asset:path");
        if (assetPath instanceof Value.Text p && p.value().endsWith(".json")) {
            return p.value();
        }
        List<String> texts = new ArrayList<>();
        collectTexts(stackResource.at("Properties", "TemplateURL"), texts);
        for (String t : texts) {
            java.util.regex.Matcher m = ASSET_OBJECT.matcher(t);
            if (m.find() && assembly.fileAssets().containsKey(m.group(1))) {
                return assembly.fileAssets().get(m.group(1));
            }
        }
        return null;
    }

    private static void collectTexts(Value v, List<String> out) {
        if (v instanceof Value.Text t) {
            out.add(t.value());
        } else if (v instanceof Value.Seq s) {
            s.items().forEach(i -> collectTexts(i, out));
        } else if (v instanceof Value.Struct s) {
            s.fields().values().forEach(i -> collectTexts(i, out));
        }
    }

    private static List<Resource> resources(Loaded l) {
        TemplateScope scope = l.scope();
        List<Resource> out = new ArrayList<>();
        for (String id : scope.resourceIds()) {
            TemplateScope.Decision d = scope.resourceCondition(id);
            if (d == TemplateScope.Decision.FALSE) {
                continue;
            }
            String condition = d == TemplateScope.Decision.UNDECIDED
                    ? Optional.ofNullable(scope.resourceConditionName(id)).orElse("?") : null;
            Value.Struct metadata = scope.metadata(id);
            String constructPath = metadata == null ? null : metadata.get("aws:cdk:path") instanceof Value.Text t
                    ? t.value() : null;
            if (constructPath == null) {
                constructPath = l.constructPaths().get(id);
            }
            out.add(new Resource(new ResourceKey(scope.file, id), scope.type(id), Dialect.CLOUDFORMATION,
                    scope.properties(id), scope.resourceLocation(id), constructPath, metadata, condition, false));
        }
        return out;
    }
}
