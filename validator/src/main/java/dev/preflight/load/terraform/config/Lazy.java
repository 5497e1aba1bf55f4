package dev.preflight.load.terraform.config;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.util.function.Supplier;

/** A value computed on first use, once; asking for it while it is being computed is a cycle, and unknown. */
final class Lazy {
    private final String what;
    private final Supplier<Value> compute;
    private Value value;
    private boolean busy;

    Lazy(String what, Supplier<Value> compute) {
        this.what = what;
        this.compute = compute;
    }

    Value get(SourceLocation at) {
        if (value != null) {
            return value;
        }
        if (busy) {
            return ConfigValues.undecided(what + " depends on itself (a cycle Terraform would reject)", at);
        }
        busy = true;
        try {
            value = compute.get();
        } finally {
            busy = false;
        }
        return value;
    }
}
