package dev.preflight.load.terraform.config;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.util.List;

/**
 * What names mean where an expression is evaluated: a module instance ({@code var}, {@code local}, resources,
 * {@code module}, {@code data}, {@code path}), a resource instance ({@code count.index}, {@code each.key}), an
 * iteration ({@code for} variables, a {@code dynamic} block's iterator), a splat's element.
 */
interface Scope {

    /**
     * The value of a traversal that starts at {@code root}. {@code names} are the attribute names that follow the root
     * directly ({@code aws_vpc.main.id}: root {@code aws_vpc}, names {@code [main, id]}); the scope uses as many as it
     * needs and returns how many in {@code used[0]}. Null when the root is not a name of this scope.
     */
    Value lookup(String root, List<String> names, int[] used, SourceLocation at) throws EvaluationError;

    /** The module instance this scope is inside (for {@code file()}, {@code path.module}, unknowns' addresses). */
    ModuleInstance module();

    /** A scope that adds {@code name = value} (a {@code for} variable, an iterator) in front of this one. */
    default Scope with(String name, Value value) {
        Scope parent = this;
        return new Scope() {
            @Override
            public Value lookup(String root, List<String> names, int[] used, SourceLocation at)
                    throws EvaluationError {
                if (root.equals(name)) {
                    used[0] = 0;
                    return value;
                }
                return parent.lookup(root, names, used, at);
            }

            @Override
            public ModuleInstance module() {
                return parent.module();
            }

            @Override
            public Value splatItem() {
                return parent.splatItem();
            }
        };
    }

    /** The element a splat's expression is applied to, when inside one. */
    default Value splatItem() {
        return null;
    }

    default Scope withSplatItem(Value item) {
        Scope parent = this;
        return new Scope() {
            @Override
            public Value lookup(String root, List<String> names, int[] used, SourceLocation at)
                    throws EvaluationError {
                return parent.lookup(root, names, used, at);
            }

            @Override
            public ModuleInstance module() {
                return parent.module();
            }

            @Override
            public Value splatItem() {
                return item;
            }
        };
    }
}
