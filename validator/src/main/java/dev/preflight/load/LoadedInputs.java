package dev.preflight.load;

import dev.preflight.model.InputDocument;
import dev.preflight.model.Resource;

import java.util.ArrayList;
import java.util.List;

/** What a loader produced: the inputs it read, their resources, and the inputs it could not read. */
public record LoadedInputs(List<InputDocument> inputs, List<Resource> resources, List<InputFailure> failures) {
    public LoadedInputs {
        inputs = List.copyOf(inputs);
        resources = List.copyOf(resources);
        failures = List.copyOf(failures);
    }

    public static LoadedInputs empty() {
        return new LoadedInputs(List.of(), List.of(), List.of());
    }

    public LoadedInputs plus(LoadedInputs other) {
        List<InputDocument> i = new ArrayList<>(inputs);
        i.addAll(other.inputs);
        List<Resource> r = new ArrayList<>(resources);
        r.addAll(other.resources);
        List<InputFailure> f = new ArrayList<>(failures);
        f.addAll(other.failures);
        return new LoadedInputs(i, r, f);
    }
}
