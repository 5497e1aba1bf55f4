package dev.preflight.rule;

import dev.preflight.model.Resource;
import dev.preflight.model.SourceLocation;

/** Another place that explains a verdict, such as the endpoint security group of a GD002 failure. */
public record RelatedLocation(String resource, SourceLocation location, String message) {
    public static RelatedLocation of(Resource r, String message) {
        return new RelatedLocation(r.id(), r.location(), message);
    }
}
