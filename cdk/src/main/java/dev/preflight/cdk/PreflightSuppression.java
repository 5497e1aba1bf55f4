package dev.preflight.cdk;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Accepting one rule's finding on a resource, with the reason a reviewer can read (and, optionally, the day it
 * stops applying). Stored in the resource's CloudFormation {@code Metadata} as
 * {@code preflight: {ignore: [{id, reason, expires}]}}, the waiver format the {@code preflight} CLI reads, so a
 * suppression written in CDK code holds for {@code preflight check cdk.out} too.
 *
 * @param id      the rule id, {@code GD007}
 * @param reason  why the finding is accepted; mandatory (a suppression without a reason is not a suppression)
 * @param expires the last day it applies, or null; after it, the finding counts again and says so
 */
public record PreflightSuppression(String id, String reason, LocalDate expires) {
    private static final Pattern RULE_ID = Pattern.compile("GD\\d{3}");

    public PreflightSuppression {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        id = id.trim().toUpperCase(Locale.ROOT);
        if (!RULE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a Preflight suppression names a rule id like GD007, not '" + id + "'");
        }
        if (reason.isBlank()) {
            throw new IllegalArgumentException("the suppression of " + id + " needs a reason: say why the finding is "
                    + "accepted, so reviewers can judge it");
        }
    }

    public PreflightSuppression(String id, String reason) {
        this(id, reason, null);
    }

    /** The metadata entry, as the CLI reads it. */
    Map<String, Object> toMetadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("reason", reason);
        if (expires != null) {
            m.put("expires", expires.toString());
        }
        return m;
    }
}
