package dev.preflight.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The request a policy is evaluated for. Only what the inputs and the command line tell is known: the action,
 * the principal's account ({@code --account}) and the request context keys that follow from it
 * ({@code aws:PrincipalAccount}, {@code aws:RequestedRegion} from {@code --region}). Every other condition key
 * is unknown, and a statement that depends on it is undecided.
 *
 * @param action           {@code service:Action}
 * @param resource         the resource ARN, or null when it is not known before deploy (matches only {@code *})
 * @param principalAccount the calling principal's 12-digit account, or null when unknown
 * @param context          known condition keys (any case) and their values
 */
public record PolicyRequest(String action, String resource, String principalAccount, Map<String, List<String>> context) {
    /** The call the GuardDuty agent makes to deliver runtime events. */
    public static final String TELEMETRY_ACTION = "guardduty:SendSecurityTelemetry";

    public PolicyRequest {
        Objects.requireNonNull(action, "action");
        Map<String, List<String>> copy = new HashMap<>();
        context.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        context = Map.copyOf(copy);
    }

    /** The agent's {@code SendSecurityTelemetry} call as far as {@code --region}/{@code --account} describe it. */
    public static PolicyRequest telemetry(Optional<String> region, Optional<String> account) {
        Map<String, List<String>> ctx = new HashMap<>();
        region.ifPresent(r -> ctx.put("aws:RequestedRegion", List.of(r)));
        account.ifPresent(a -> ctx.put("aws:PrincipalAccount", List.of(a)));
        return new PolicyRequest(TELEMETRY_ACTION, null, account.orElse(null), ctx);
    }

    /** The known values of a condition key (key names are case-insensitive), or null when the key is unknown. */
    public List<String> contextValues(String key) {
        for (Map.Entry<String, List<String>> e : context.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Where the value of an unknown key would come from, for UNKNOWN messages. */
    public static String originOf(String key) {
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "aws:principalaccount" -> "give the workload account with --account";
            case "aws:requestedregion" -> "give the deployment region with --region";
            case "aws:principalarn" -> "the agent's principal ARN is not known before deploy";
            case "aws:principalorgid" -> "the account's organization id is not in the inputs";
            default -> "not known from the inputs";
        };
    }
}
