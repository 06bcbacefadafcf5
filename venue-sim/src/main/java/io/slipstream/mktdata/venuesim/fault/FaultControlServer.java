package io.slipstream.mktdata.venuesim.fault;

import io.slipstream.mktdata.venuesim.net.SimConnection;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A small HTTP endpoint on 127.0.0.1 so tests in any language can script faults:
 * {@code curl -X POST 'http://127.0.0.1:PORT/faults/disconnect?venue=binance&code=1006'}, and see the simulator's
 * state with {@code GET /status}. Answers are JSON. Language: {@link FaultCommands}.
 */
public final class FaultControlServer implements AutoCloseable {
    private final HttpServer server;
    private final FaultCommands commands;
    private final FaultController faults;
    private final Supplier<String> venuesJson;

    /**
     * @param port       the port, 0 for an ephemeral one
     * @param faults     the controller
     * @param venuesJson a JSON object describing where each venue listens, for {@code /status}
     * @throws IOException if the port cannot be bound
     */
    public FaultControlServer(final int port, final FaultController faults, final Supplier<String> venuesJson)
        throws IOException {
        this.faults = faults;
        this.commands = new FaultCommands(faults);
        this.venuesJson = venuesJson;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "venue-sim-control");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/faults/", this::fault);
        server.createContext("/status", this::status);
        server.start();
    }

    /** @return where it listens, e.g. {@code http://127.0.0.1:41000} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void fault(final HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "{\"error\":\"use POST\"}");
            return;
        }
        final String name = exchange.getRequestURI().getPath().substring("/faults/".length());
        try {
            final String query = exchange.getRequestURI().getRawQuery();
            final Map<String, String> parameters =
                FaultCommands.parsePairs(query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8));
            final int affected = commands.execute(name, parameters);
            respond(exchange, 200, "{\"ok\":true,\"fault\":\"" + name + "\",\"affected\":" + affected + "}");
        } catch (final IllegalArgumentException e) {
            respond(exchange, 400, "{\"ok\":false,\"error\":\"" + escape(e.getMessage()) + "\"}");
        }
    }

    private void status(final HttpExchange exchange) throws IOException {
        final StringBuilder json = new StringBuilder("{\"venues\":").append(venuesJson.get())
            .append(",\"connections\":[");
        boolean first = true;
        for (final SimConnection connection : faults.connections()) {
            json.append(first ? "" : ",").append("{\"id\":").append(connection.id())
                .append(",\"venue\":\"").append(connection.venue().wireName())
                .append("\",\"path\":\"").append(escape(connection.path()))
                .append("\",\"framesSent\":").append(connection.framesSent())
                .append(",\"stalled\":").append(connection.isStalled())
                .append(",\"symbols\":").append(connection.symbols().size()).append('}');
            first = false;
        }
        respond(exchange, 200, json.append("]}").toString());
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String escape(final String text) {
        return text == null ? "" : text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
