package dev.preflight.rule;

import java.util.List;

/**
 * A built-in rule: declarative metadata and one evaluation over the model. A rule reads only the model
 * ({@link RuleContext#graph()} and the domain views), never files or raw JSON, and returns one result per
 * subject (see the Subject table of the rule specification), passes included.
 */
public interface Rule {
    RuleMetadata metadata();

    List<RuleResult> evaluate(RuleContext context);

    default String id() {
        return metadata().id();
    }
}
