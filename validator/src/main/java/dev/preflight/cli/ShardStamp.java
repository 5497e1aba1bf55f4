package dev.preflight.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.engine.DiscoveredInput;
import dev.preflight.engine.RunOutcome;
import dev.preflight.engine.ShardPlanner;
import dev.preflight.report.Report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Which shard of which run a JSON report is ({@code "shard": {"index": 2, "count": 4, "run": "3f2a..."}}), so that
 * {@code preflight merge} can refuse a set with a shard missing, twice, or from another run. {@code run} is a digest of
 * every input of the whole run (path and size): every job of one matrix computes the same one.
 */
record ShardStamp(int index, int count, String run) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ShardStamp of(ShardPlanner.Shard shard, List<DiscoveredInput> allInputs) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(Integer.toString(shard.count()).getBytes(StandardCharsets.UTF_8));
            for (DiscoveredInput in : allInputs) {
                d.update((in.displayPath() + "\u0000" + size(in.path()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return new ShardStamp(shard.index(), shard.count(), HexFormat.of().formatHex(d.digest(), 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.isDirectory(p) ? -1 : Files.size(p);
        } catch (IOException e) {
            return -2;
        }
    }

    /** The JSON report with the stamp added. */
    void write(Report json, RunOutcome outcome, Writer w) throws IOException {
        StringWriter buf = new StringWriter();
        json.write(outcome, buf);
        ObjectNode root = (ObjectNode) JSON.readTree(buf.toString());
        ObjectNode s = root.putObject("shard");
        s.put("index", index);
        s.put("count", count);
        s.put("run", run);
        w.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        w.write('\n');
    }
}
