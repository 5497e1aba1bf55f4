package dev.preflight.model;

import java.util.Map;
import java.util.Objects;

/**
 * One resource of the graph as the inputs declare it, with every property value resolved as far as the inputs
 * allow.
 *
 * @param key           input file + logical id or Terraform address
 * @param type          {@code AWS::EC2::Instance}, {@code aws_instance}, ... (unknown types are kept)
 * @param dialect       the vocabulary of {@code type} and of the property names
 * @param properties    CloudFormation {@code Properties} / Terraform planned {@code after} values
 * @param location      where the resource is declared (the logical id key, or the plan's resource object)
 * @param constructPath CDK construct path from {@code aws:cdk:path} metadata, or null
 * @param metadata      CloudFormation resource {@code Metadata} (waivers live there); empty for other dialects
 * @param condition     an undecided CloudFormation resource {@code Condition} (the resource may not exist), or null
 * @param dataSource    Terraform data source ({@code data.aws_vpc.main}) rather than a managed resource
 */
public record Resource(ResourceKey key, String type, Dialect dialect, Value.Struct properties,
                       SourceLocation location, String constructPath, Value.Struct metadata, String condition,
                       boolean dataSource) {
    public Resource {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(location, "location");
        if (metadata == null) {
            metadata = new Value.Struct(Map.of(), location);
        }
    }

    // written out, as ResourceKey's are: the record's generated equals/hashCode are linked through invokedynamic
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Resource r && key.equals(r.key) && type.equals(r.type) && dialect == r.dialect
                && dataSource == r.dataSource && properties.equals(r.properties) && location.equals(r.location)
                && Objects.equals(constructPath, r.constructPath) && metadata.equals(r.metadata)
                && Objects.equals(condition, r.condition);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + type.hashCode();
    }

    public String id() {
        return key.id();
    }

    public String input() {
        return key.input();
    }

    /** A property value; {@link Value.Absent} when the resource does not set it (never null). */
    public Value property(String name) {
        return properties.at(name);
    }

    /** Nested property by path; {@link Value.Absent} when any step is not set (never null). */
    public Value property(String... path) {
        return properties.at(path);
    }

    public boolean cdk() {
        return constructPath != null;
    }

    /** "AppInstance (Stack/App/Instance)" when the construct path is known, else the id. */
    public String displayName() {
        return constructPath == null ? key.id() : key.id() + " (" + constructPath + ")";
    }
}
