package dev.preflight.load.scp;

import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceText;
import dev.preflight.load.document.JsonTreeReader;
import dev.preflight.model.Dialect;
import dev.preflight.model.InputDocument;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import dev.preflight.policy.PolicyDocument;
import dev.preflight.policy.PolicyFormatException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads service control policy files given with {@code --scp}. Each file becomes one resource of type
 * {@value #TYPE} (dialect {@link Dialect#POLICY_FILE}), id = the file's display path, property {@code Content} =
 * the document, located at line 1. An SCP file applies to every account of the run.
 *
 * <p>Accepted forms: a policy document, or the output of {@code aws organizations describe-policy}
 * ({@code {"Policy": {"Content": "<json string>", ...}}}). Invalid JSON and documents AWS would reject are input
 * failures with the line and column of the fault.
 */
public final class ScpFileLoader {
    public static final String TYPE = "Preflight::ServiceControlPolicy";

    public LoadedInputs load(List<SourceText> files) {
        List<InputDocument> inputs = new ArrayList<>();
        List<Resource> resources = new ArrayList<>();
        List<InputFailure> failures = new ArrayList<>();
        for (SourceText f : files) {
            try {
                resources.add(load(f));
                inputs.add(new InputDocument(f.displayPath(), InputFormat.SCP));
            } catch (InputException e) {
                failures.add(e.failure());
            }
        }
        return new LoadedInputs(inputs, resources, failures);
    }

    private static Resource load(SourceText f) throws InputException {
        String file = f.displayPath();
        Value root = JsonTreeReader.read(f);
        Value content = root;
        Value policy = root.get("Policy");
        if (policy != null && policy.get("Content") != null) {
            content = policy.get("Content");
        }
        try {
            PolicyDocument.from(content);
        } catch (PolicyFormatException e) {
            SourceLocation at = content.location();
            throw new InputException(file, Math.max(at.line(), 1), Math.max(at.column(), 1),
                    "not a service control policy: " + e.getMessage());
        }
        SourceLocation at = new SourceLocation(file, 1, 1);
        Value.Struct properties = new Value.Struct(Map.of("Content", content), at);
        return new Resource(new ResourceKey(file, file), TYPE, Dialect.POLICY_FILE, properties, at, null, null, null,
                false);
    }
}
