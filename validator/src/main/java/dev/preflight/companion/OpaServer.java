package dev.preflight.companion;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An OPA server Preflight starts for one run: {@code opa run --server} on a free loopback port, ready once
 * {@code GET /health} answers, stopped at the end of the run (and by the shutdown hook of {@link ChildProcess} on
 * Ctrl-C). A port taken between choosing it and OPA binding it is retried on another port.
 */
final class OpaServer implements AutoCloseable {
    private static final int BIND_ATTEMPTS = 3;

    private final ChildProcess process;
    private final OpaClient client;

    private OpaServer(ChildProcess process, OpaClient client) {
        this.process = process;
        this.client = client;
    }

    /** Starts OPA and waits (within {@code timeout}) until it is healthy. */
    static OpaServer start(Path opa, Duration timeout) throws OpaClient.OpaException {
        return start(opa, timeout, null);
    }

    /** {@code firstPort}: the port to try first (tests give a taken one); null: a free one. */
    static OpaServer start(Path opa, Duration timeout, Integer firstPort) throws OpaClient.OpaException {
        String lastProblem = "";
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            // --skip-version-check keeps OPA off the network: only loopback traffic
            int port = attempt == 0 && firstPort != null ? firstPort : freePort();
            List<String> command = List.of(opa.toString(), "run", "--server", "--addr", "127.0.0.1:" + port,
                    "--log-level", "error", "--skip-version-check", "--shutdown-grace-period", "1");
            ChildProcess p;
            try {
                p = ChildProcess.start(command, null, Map.of());
            } catch (IOException e) {
                throw new OpaClient.OpaException("opa (" + opa + ") could not be started (" + e.getMessage() + ")");
            }
            OpaClient client = new OpaClient(URI.create("http://127.0.0.1:" + port + "/"), timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean ready = false;
            // bounded: at most timeout / 50 ms polls
            while (System.nanoTime() < deadline && p.alive()) {
                if (client.healthy(Duration.ofMillis(500))) {
                    ready = true;
                    break;
                }
                sleep(50);
            }
            if (ready) {
                return new OpaServer(p, client);
            }
            boolean exited = !p.alive();
            String err = p.stderrNow();
            p.close();
            if (!exited) {
                throw new OpaClient.OpaException("opa (" + opa + ") did not become healthy within "
                        + timeout.toSeconds() + " s; raise --opa-timeout");
            }
            lastProblem = OpaClient.oneLine(err);
            if (!lastProblem.contains("address already in use")) {
                throw new OpaClient.OpaException("opa (" + opa + ") exited at start"
                        + (lastProblem.isEmpty() ? "" : " (" + lastProblem + ")"));
            }
        }
        throw new OpaClient.OpaException("opa could not bind a free loopback port in " + BIND_ATTEMPTS + " attempts ("
                + lastProblem + ")");
    }

    OpaClient client() {
        return client;
    }

    ProcessHandle handle() {
        return process.handle();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(3));
        process.close();
    }

    private static int freePort() throws OpaClient.OpaException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new OpaClient.OpaException("no free loopback port for OPA (" + e.getMessage() + ")");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
