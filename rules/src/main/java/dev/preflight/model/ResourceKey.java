package dev.preflight.model;

import java.util.Objects;

/**
 * Identity of a resource in the graph. Logical ids repeat across templates, so the input file is part of the key.
 * {@code id} is the CloudFormation logical id or the Terraform address as Terraform prints it
 * ({@code module.net.aws_instance.app[0]}).
 */
public record ResourceKey(String input, String id) implements Comparable<ResourceKey> {
    public ResourceKey {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public int compareTo(ResourceKey o) {
        int c = input.compareTo(o.input);
        return c != 0 ? c : id.compareTo(o.id);
    }

    @Override
    public String toString() {
        return id;
    }
}
