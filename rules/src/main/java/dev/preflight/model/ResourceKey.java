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

    // written out: a record's generated equals/hashCode are linked through invokedynamic on first use, which spins
    // method-handle classes that every short run pays for; keys are hashed in every run
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ResourceKey k && id.equals(k.id) && input.equals(k.input);
    }

    @Override
    public int hashCode() {
        return input.hashCode() * 31 + id.hashCode();
    }

    @Override
    public String toString() {
        return id;
    }
}
