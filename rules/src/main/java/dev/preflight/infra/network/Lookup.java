package dev.preflight.infra.network;

import java.util.Objects;

/**
 * The resource a value designates, or why it cannot be found: the value is unknown before deploy (the
 * {@link dev.preflight.model.Value.Unknown#describe()} text), or it names something outside the inputs.
 */
public record Lookup<T>(T value, String missing) {
    public Lookup {
        if ((value == null) == (missing == null)) {
            throw new IllegalArgumentException("exactly one of value and missing");
        }
    }

    public static <T> Lookup<T> found(T value) {
        return new Lookup<>(Objects.requireNonNull(value), null);
    }

    public static <T> Lookup<T> missing(String why) {
        return new Lookup<>(null, Objects.requireNonNull(why));
    }

    public boolean found() {
        return value != null;
    }
}
