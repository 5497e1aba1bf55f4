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
        long left = deadline == 0 ? timeout.toNanos() : deadline - System.nanoTime();
        if (left <= 0) {
            return; // the server did not answer within the time of the run: it will not answer this either
        }
        Duration bound = Duration.ofNanos(Math.min(left, Duration.ofSeconds(5).toNanos()));
        try {
            sendWithin(HttpRequest.newBuilder(base.resolve("v1/policies/" + encodePath(id))).timeout(bound).DELETE()
                    .build(), bound);
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
        // the documented answer of POST /v1/data/<package>: {"result": {...}}, no result when nothing is defined there
        if (!answer.isObject()) {
            throw new OpaException("OPA at " + base + " answered data." + path + " with " + kind(answer)
                    + ", not the documented {\"result\": {...}}; check that --opa-url names an OPA server");
        }
        JsonNode result = answer.get("result");
        if (result == null) {
            throw new OpaException("the Rego policies define no rule in a package " + path + ".<name> (OPA's data."
                    + path + " is undefined); write package " + path + ".<name> with deny or warn rules");
        }
        if (!result.isObject()) {
            throw new OpaException("OPA at " + base + " answered data." + path + " with a result that is "
                    + kind(result) + ", not an object of packages; check that --opa-url names an OPA server");
        }
        return result;
    }

    private static String kind(JsonNode n) {
        return n.isArray() ? "a list" : n.isTextual() ? "a string" : n.isNumber() ? "a number" : n.isBoolean()
                ? "a boolean" : n.isNull() ? "null" : "an object";
    }

    /** One deadline for every request of the run, so that "within N s" in a message is true of the whole wait. */
    private long deadline;

    private Duration remaining(String what) throws OpaException {
        long now = System.nanoTime();
        if (deadline == 0) {
            deadline = now + timeout.toNanos();
        }
        long left = deadline - now;
        if (left <= 0) {
            throw new OpaException("OPA at " + base + " did not answer within " + timeout.toSeconds() + " s while "
                    + what + "; raise --opa-timeout or check the server and the policies for slow rules");
        }
        return Duration.ofNanos(left);
    }

    private HttpResponse<String> send(HttpRequest req, String what) throws OpaException {
        Duration left = remaining(what);
        if (left.compareTo(req.timeout().orElse(left)) < 0) {
            req = HttpRequest.newBuilder(req, (k, v) -> true).timeout(left).build();
        }
        try {
            return sendWithin(req, left);
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

    /**
     * The request within {@code left}, connection included: the client's connect timeout is per connection and
     * its request timeout starts after connecting, so a server that accepts and never answers could hold a request
     * for twice the limit.
     */
    private HttpResponse<String> sendWithin(HttpRequest req, Duration left) throws IOException, InterruptedException {
        java.util.concurrent.CompletableFuture<HttpResponse<String>> f =
                http.sendAsync(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return f.get(left.toMillis() + 1, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new HttpTimeoutException("timed out");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
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
