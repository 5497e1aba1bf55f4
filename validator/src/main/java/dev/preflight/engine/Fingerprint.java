package dev.preflight.engine;

import dev.preflight.rule.RuleResult;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A result's identity that survives moved lines: rule + file + resource id. Used by {@code --baseline} and by
 * SARIF {@code partialFingerprints}.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(RuleResult r) {
        String key = r.ruleId() + "\u0000" + r.subject().location().file() + "\u0000" + r.subject().id();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
