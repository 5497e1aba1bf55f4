package dev.preflight.load;

import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A waiver written beside the resource it waives (CloudFormation resource
 * {@code Metadata: {preflight: {ignore: [{id, reason, expires}]}}}), read by the loader and handed to the engine's
 * acceptance step with the rest of the model: nothing after the loader reads {@code Metadata} for it.
 *
 * @param ruleId  the rule id as written ({@code GD007}, {@code cfn-lint:W2001})
 * @param expires the expiry date, or null for none
 * @param at      where the waiver item is written
 */
public record DeclaredWaiver(String ruleId, ResourceKey resource, String reason, LocalDate expires, SourceLocation at) {
    public DeclaredWaiver {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /** How reports name where the waiver came from: "Metadata of BatchHost (app.yaml:70:11)". */
    public String source() {
        return "Metadata of " + resource.id() + " (" + at + ")";
    }
}
