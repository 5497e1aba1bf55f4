package dev.preflight.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Verdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The findings of an earlier JSON report ({@code --baseline FILE}). A FAIL or UNKNOWN whose fingerprint (rule +
 * file + resource) was already a FAIL or UNKNOWN there is <em>existing</em>: reports mark it and it does not fail
 * the run. A result that passed in the baseline and fails now is new. Read by the CLI, applied once by
 * {@link Acceptance}; reports only read the standing it gives each result.
 */
public final class Baseline {
    public static final Baseline NONE = new Baseline(null, Set.of());

    private final String source;
    private final Set<String> fingerprints;

    private Baseline(String source, Set<String> fingerprints) {
        this.source = source;
        this.fingerprints = Set.copyOf(fingerprints);
    }

    /** A baseline file that is missing or not a Preflight JSON report; the message is one line. */
    public static final class BaselineException extends Exception {
        BaselineException(String message) {
            super(message);
        }
    }

    public static Baseline read(Path file) throws BaselineException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new BaselineException("--baseline " + file + ": no such file");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
            throw new BaselineException("--baseline " + file + where + ": not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw new BaselineException("--baseline " + file + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("results").isArray()
                || !"preflight".equals(root.path("tool").path("name").asText())) {
            throw new BaselineException("--baseline " + file + ": not a Preflight JSON report (write one with --format json=FILE)");
        }
        Set<String> prints = new HashSet<>();
        for (JsonNode r : root.get("results")) {
            JsonNode fp = r.get("fingerprint");
            if (fp == null || !fp.isTextual()) {
                throw new BaselineException("--baseline " + file + ": a result has no fingerprint; not a Preflight JSON report");
            }
            String verdict = r.path("verdict").asText();
            if (verdict.equals(Verdict.FAIL.name()) || verdict.equals(Verdict.UNKNOWN.name())) {
                prints.add(fp.asText());
            }
        }
        return new Baseline(file.toString(), prints);
    }

    /** True when a baseline was given. */
    public boolean active() {
        return source != null;
    }

    public String source() {
        return source;
    }

    /** True when {@code r} is a finding the baseline already had. */
    public boolean existing(RuleResult r) {
        return active() && (r.verdict() == Verdict.FAIL || r.verdict() == Verdict.UNKNOWN)
                && fingerprints.contains(Fingerprint.of(r));
    }
}
