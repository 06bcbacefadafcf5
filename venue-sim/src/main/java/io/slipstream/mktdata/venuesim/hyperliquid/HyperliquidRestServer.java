package io.slipstream.mktdata.venuesim.hyperliquid;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.fault.FaultController;
import io.slipstream.mktdata.venuesim.fault.RestFault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /info} on 127.0.0.1, with the REST faults of the {@link FaultController} applied first. Requests run
 * on a small pool so a hanging (TIMEOUT) or slow request does not hold up the others.
 */
final class HyperliquidRestServer {
    private static final Logger LOG = LoggerFactory.getLogger(HyperliquidRestServer.class);
    private static final String PATH = "/info";
    private static final int THREADS = 4;
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final HyperliquidInfo info;
    private final FaultController faults;
    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * Binds the port.
     *
     * @param port   the port, 0 for an ephemeral one
     * @param info   answers requests
     * @param faults REST faults
     * @throws IOException if the port cannot be bound
     */
    HyperliquidRestServer(final int port, final HyperliquidInfo info, final FaultController faults)
        throws IOException {
        this.info = info;
        this.faults = faults;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            final Thread thread = new Thread(runnable, "hyperliquid-rest");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    /** @return the bound port */
    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(final HttpExchange exchange) {
        try (exchange) {
            final String path = exchange.getRequestURI().getPath();
            final RestFault fault = faults.nextRestFault(Venue.HYPERLIQUID, path);
            if (fault != null && applyFault(exchange, fault)) {
                return;
            }
            if (!PATH.equals(path)) {
                respond(exchange, 404, "text/plain; charset=utf-8", "Not Found");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                respond(exchange, 405, "text/plain; charset=utf-8", "Method Not Allowed");
                return;
            }
            final String body = readBody(exchange.getRequestBody());
            final HyperliquidInfo.Answer answer = info.answer(HyperliquidJson.parseObject(body),
                System.currentTimeMillis(), true);
            respond(exchange, answer.status(), answer.status() == 422 ? "text/plain; charset=utf-8"
                : "application/json", answer.body());
        } catch (final IOException | RuntimeException e) {
            LOG.debug("hyperliquid REST request failed", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return true if the fault answered (or dropped) the request, false to answer normally */
    private static boolean applyFault(final HttpExchange exchange, final RestFault fault)
        throws IOException, InterruptedException {
        switch (fault.kind()) {
            case TOO_MANY_REQUESTS -> {
                retryAfter(exchange, fault);
                respond(exchange, 429, "application/json", "{\"error\":\"too many requests\"}");
            }
            case BANNED -> {
                retryAfter(exchange, fault);
                respond(exchange, 418, "application/json", "{\"error\":\"banned\"}");
            }
            case SERVER_ERROR -> respond(exchange, 500, "text/plain; charset=utf-8", "Internal Server Error");
            case UNAVAILABLE -> respond(exchange, 503, "text/plain; charset=utf-8", "Service Unavailable");
            case TIMEOUT -> {
                Thread.sleep(Math.max(0, fault.delayMs()));
                // Closing an exchange that sent no headers closes the TCP connection: the client sees no answer.
                return true;
            }
            case SLOW -> {
                Thread.sleep(Math.max(0, fault.delayMs()));
                return false;
            }
            default -> throw new IllegalStateException("unhandled " + fault.kind());
        }
        return true;
    }

    private static void retryAfter(final HttpExchange exchange, final RestFault fault) {
        if (fault.delayMs() > 0) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString((fault.delayMs() + 999) / 1000));
        }
    }

    private static String readBody(final InputStream in) throws IOException {
        return new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
    }

    private static void respond(final HttpExchange exchange, final int status, final String contentType,
                                final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
