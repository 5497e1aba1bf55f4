package dev.preflight.infra;

import dev.preflight.model.Resource;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

/**
 * A tag that reaches an instance at launch, with the resource that carries it (instance, launch template or
 * Auto Scaling group: GD007's subject) and where the tag is written. {@code key} is exactly as written
 * (GD007 looks for near misses such as {@code guarddutymanaged}); it is null when the key itself is unknown.
 */
public record LaunchTag(String key, Value value, Resource carrier, SourceLocation location, Source source) {
    public enum Source { INSTANCE_TAGS, LAUNCH_TEMPLATE_TAG_SPECIFICATION, AUTO_SCALING_GROUP_PROPAGATED, PROVIDER_DEFAULT_TAGS }
}
