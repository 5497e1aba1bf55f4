package dev.preflight.rule;

import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;

/**
 * What a verdict is about: a resource (VPC, workload, endpoint, policy) or a whole input (GD011 without a
 * detector, GD013). For an input, the key's id is the input file and the type {@code Preflight::Input}.
 */
public record Subject(ResourceKey key, String type, SourceLocation location, String constructPath) {
    public static final String INPUT_TYPE = "Preflight::Input";

    public static Subject of(Resource r) {
        return new Subject(r.key(), r.type(), r.location(), r.constructPath());
    }

    public static Subject ofInput(String file) {
        return new Subject(new ResourceKey(file, file), INPUT_TYPE, SourceLocation.ofFile(file), null);
    }

    public String id() {
        return key.id();
    }
}
