package dev.preflight.policy;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.util.List;

/**
 * One statement of a policy document, with its elements kept as written so that values the inputs cannot
 * decide (a parameter inside a condition, a Terraform reference) stay visible to the evaluator.
 *
 * @param index       0-based position in {@code Statement}
 * @param effect      Allow or Deny; null when the effect itself is not known before deploy
 * @param actions     {@code Action} or {@code NotAction} patterns ({@link #notAction} says which)
 * @param resources   {@code Resource} or {@code NotResource} patterns; null when neither is written (SCPs may omit it)
 * @param principal   {@code Principal}/{@code NotPrincipal} element, or null (SCPs have none)
 * @param condition   the {@code Condition} block, or null
 */
public record PolicyStatement(String sid, int index, Effect effect, List<Value> actions, boolean notAction,
                              List<Value> resources, boolean notResource, Value principal, boolean notPrincipal,
                              Value condition, SourceLocation location) {
    public enum Effect { ALLOW, DENY }

    public PolicyStatement {
        actions = List.copyOf(actions);
        resources = resources == null ? null : List.copyOf(resources);
    }

    /**
     * The condition as one phrase, "aws:PrincipalAccount StringNotEquals 111122223333 and ...", or "" without one.
     */
    public String conditionText() {
        if (!(condition instanceof Value.Struct block)) {
            return condition == null ? "" : condition.display();
        }
        List<String> parts = new java.util.ArrayList<>();
        block.fields().forEach((op, keys) -> {
            if (keys instanceof Value.Struct k) {
                k.fields().forEach((key, v) -> parts.add(key + " " + op + " " + v.display()));
            } else {
                parts.add(op + " " + keys.display());
            }
        });
        return String.join(" and ", parts);
    }

    /** {@code statement 2 "DenyGuardDuty"} (1-based, as people count). */
    public String describe() {
        return "statement " + (index + 1) + (sid == null || sid.isEmpty() ? "" : " \"" + sid + "\"");
    }
}
