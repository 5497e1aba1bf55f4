package dev.preflight.companion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * OPA's REST API over the JDK HTTP client: health, policy upload ({@code PUT /v1/policies/{id}}) and evaluation
 * ({@code POST /v1/data/<path>} with {@code {"input": ...}}). Every call has a time limit; failures become
 * {@link OpaException}s whose message is one line a user can act on.
 */
final class OpaClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request to OPA that failed: unreachable, too slow, or answered with an error. */
    static final class OpaException extends Exception {
        OpaException(String message) {
            super(message);
        }
    }

    /** One compile error OPA reported for an uploaded policy. */
    record CompileError(String message, String file, int line, int column) {
    }

    /** OPA refused a policy: its compile errors (at least one). */
    static final class CompileFailure extends Exception {
        final List<CompileError> errors;

        CompileFailure(List<CompileError> errors) {
            super(errors.isEmpty() ? "policy refused" : errors.get(0).message());
            this.errors = List.copyOf(errors);
        }
    }

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    OpaClient(URI base, Duration timeout) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY).build();
    }

    URI base() {
        return base;
    }

    /** True when {@code GET /health} answers 200 within {@code limit}. */
    boolean healthy(Duration limit) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("health")).timeout(limit).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void putPolicy(String id, String rego) throws OpaException, CompileFailure {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("v1/policies/" + encodePath(id))).timeout(timeout)
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(rego)).build();
        HttpResponse<String> r = send(req, "uploading policy " + id);
        if (r.statusCode() == 200) {
            return;
        }
        JsonNode body = parse(r.body());
        List<CompileError> errors = new ArrayList<>();
        if (body != null) {
            for (JsonNode e : body.path("errors")) {
                JsonNode loc = e.path("location");
                errors.add(new CompileError(e.path("message").asText(e.path("code").asText("error")),
                        loc.path("file").asText(id), loc.path("row").asInt(0), loc.path("col").asInt(0)));
            }
        }
        if (errors.isEmpty()) {
            String msg = body == null ? r.body() : body.path("message").asText(r.body());
            throw new OpaException("OPA at " + base + " refused policy " + id + " (HTTP " + r.statusCode() + ": "
                    + oneLine(msg) + ")");
        }
        throw new CompileFailure(errors);
    }

    /** Removes a policy this run uploaded to a server it does not own; failures are ignored (best effort). */
    void deletePolicy(String id) {
        try {
            http.send(HttpRequest.newBuilder(base.resolve("v1/policies/" + encodePath(id))).timeout(timeout).DELETE()
                    .build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the server is gone or slow: nothing left to clean
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code data.<path>} evaluated with the given input; the {@code result} member (missing: empty object). */
    JsonNode evaluate(String path, ObjectNode input) throws OpaException {
        ObjectNode body = JSON.createObjectNode();
        body.set("input", input);
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new OpaException("cannot write the OPA input document: " + e.getMessage());
        }
        HttpRequest req = HttpRequest.newBuilder(base.resolve("v1/data/" + path.replace('.', '/'))).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(text)).build();
        HttpResponse<String> r = send(req, "evaluating data." + path);
        JsonNode answer = parse(r.body());
        if (r.statusCode() != 200 || answer == null) {
            String msg = answer == null ? r.body() : answer.path("message").asText(r.body());
            throw new OpaException("OPA at " + base + " could not evaluate data." + path + " (HTTP " + r.statusCode()
                    + ": " + oneLine(msg) + ")");
        }
        JsonNode result = answer.get("result");
        return result == null ? JSON.createObjectNode() : result;
    }

    private HttpResponse<String> send(HttpRequest req, String what) throws OpaException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new OpaException("OPA at " + base + " did not answer within " + timeout.toSeconds() + " s while "
                    + what + "; raise --opa-timeout or check the policies for slow rules");
        } catch (ConnectException e) {
            throw new OpaException("cannot reach OPA at " + base + " while " + what + " (connection refused)");
        } catch (IOException e) {
            throw new OpaException("OPA at " + base + " stopped answering while " + what + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage())) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpaException("interrupted while " + what);
        }
    }

    private static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            return null;
        }
    }

    static String oneLine(String s) {
        String one = s == null ? "" : s.strip().replaceAll("\\s+", " ");
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }

    private static String encodePath(String id) {
        StringBuilder b = new StringBuilder();
        for (String seg : id.split("/")) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }
}
