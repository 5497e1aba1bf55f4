package dev.preflight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that the reports given to {@code preflight merge} are one whole set of shards ({@link ShardStamp}): all of
 * the same run and count, each index once, none missing. Reports without a stamp (not made with --shard) merge as
 * before, but never mixed with stamped ones.
 */
final class ShardSet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShardSet() {
    }

    /** The one line that says what is wrong with the set, or null when it is whole (or has no stamps). */
    static String problem(List<Path> reports) {
        Map<Integer, Path> byIndex = new TreeMap<>();
        List<Path> unstamped = new ArrayList<>();
        Integer count = null;
        String run = null;
        Path first = null;
        for (Path p : reports) {
            JsonNode shard;
            try {
                shard = JSON.readTree(p.toFile()).path("shard");
            } catch (IOException e) {
                continue; // the reader says what is wrong with it
            }
            if (!shard.isObject()) {
                unstamped.add(p);
                continue;
            }
            int index = shard.path("index").asInt();
            int n = shard.path("count").asInt();
            String r = shard.path("run").asText();
            if (count == null) {
                count = n;
                run = r;
                first = p;
            } else if (count != n || !run.equals(r)) {
                return p + " is shard " + index + "/" + n + " of another run than " + first + " (shard of " + count
                        + "; inputs or --shard count differ); merge the reports of one CI run";
            }
            Path before = byIndex.putIfAbsent(index, p);
            if (before != null) {
                return p + " and " + before + " are both shard " + index + "/" + n + "; give each shard once";
            }
        }
        if (count == null) {
            return null;
        }
        if (!unstamped.isEmpty()) {
            return unstamped.get(0) + " is not a shard report (made without --shard) but the others are shards of "
                    + count + "; merge the shards of one run only";
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i + "/" + count);
            }
        }
        if (!missing.isEmpty()) {
            return "incomplete set of shards: shard" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + " missing (" + byIndex.size() + " of " + count + " given); merge every shard of the run, or the "
                    + "result would miss their findings";
        }
        return null;
    }
}
