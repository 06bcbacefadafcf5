package io.slipstream.mktdata.examples;

import io.slipstream.mktdata.ipc.client.BookMode;
import io.slipstream.mktdata.ipc.client.CandleBatch;
import io.slipstream.mktdata.ipc.client.CandleColumns;
import io.slipstream.mktdata.ipc.client.ClientOptions;
import io.slipstream.mktdata.ipc.client.GapEvent;
import io.slipstream.mktdata.ipc.client.MarketDataClient;
import io.slipstream.mktdata.ipc.client.MarketDataListener;
import io.slipstream.mktdata.ipc.client.OrderBookMessage;
import io.slipstream.mktdata.ipc.client.OrderBookSnapshot;
import io.slipstream.mktdata.ipc.client.TradeMessage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Java strategy reading the daemon over its Unix socket with {@link MarketDataClient}: a book snapshot, both
 * venues' BTC books and Hyperliquid's trades streamed for a few seconds, then every Hyperliquid symbol's 4h candles
 * in one columnar batch. Run: {@code IpcClientExample SOCKET [SECONDS]} against a running daemon
 * ({@code bin/slipstream-mktdata demo --socket /tmp/mktdata.sock} starts one on simulated venues).
 */
public final class IpcClientExample {
    private IpcClientExample() {
    }

    /**
     * What the example saw.
     *
     * @param snapshot     the Hyperliquid BTC book, top 5, asked for once
     * @param books        book messages streamed (both venues)
     * @param lastMids     the last streamed mid of Hyperliquid BTC and of Binance BTCUSDT (NaN if none)
     * @param trades       trades streamed
     * @param gaps         gaps the client detected in the streams
     * @param candles      the 4h candle batch of every Hyperliquid symbol
     * @param lines        what it printed
     */
    public record Report(OrderBookSnapshot snapshot, long books, double[] lastMids, long trades, long gaps,
                         CandleBatch candles, List<String> lines) {
    }

    /** @param args {@code SOCKET [SECONDS]} */
    public static void main(final String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: IpcClientExample SOCKET [SECONDS]");
            System.exit(2);
        }
        final Report report = run(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 5);
        report.lines().forEach(System.out::println);
    }

    /**
     * @param socket  the daemon's socket
     * @param seconds how long to stream
     * @return what it saw
     * @throws InterruptedException if interrupted while streaming
     */
    public static Report run(final Path socket, final int seconds) throws InterruptedException {
        final List<String> lines = new ArrayList<>();
        final AtomicLong books = new AtomicLong();
        final AtomicLong trades = new AtomicLong();
        final AtomicLong gaps = new AtomicLong();
        final double[] lastMids = {Double.NaN, Double.NaN};
        // docs:start ipc-connect
        try (MarketDataClient client = MarketDataClient.connect(socket,
            ClientOptions.builder().clientName("ipc-example").build())) {
            // A request: the book as it is now, top 5 levels a side.
            final OrderBookSnapshot book = client.getOrderbook("hyperliquid", "BTC", 5);
            lines.add(String.format(Locale.ROOT, "hyperliquid BTC: best bid %.1f x %s, best ask %.1f x %s, seq %d",
                book.bids().price(0), book.bids().size(0), book.asks().price(0), book.asks().size(0),
                book.header().seq()));
            // docs:end ipc-connect

            // docs:start ipc-stream
            // Listeners run on the client's reader thread: keep them short, never make a request from one.
            final MarketDataListener listener = new MarketDataListener() {
                @Override
                public void onOrderBook(final OrderBookMessage message) {
                    books.incrementAndGet();
                    final double mid = (message.bids().price(0) + message.asks().price(0)) / 2;
                    synchronized (lastMids) {
                        lastMids["hyperliquid".equals(message.venue()) ? 0 : 1] = mid;
                    }
                }

                @Override
                public void onTrade(final TradeMessage trade) {
                    trades.incrementAndGet();
                }

                @Override
                public void onGap(final GapEvent gap) {
                    gaps.incrementAndGet(); // the stream skipped messages: resync what depends on it
                }
            };
            client.subscribeOrderbook("hyperliquid", "BTC", 5, BookMode.TOP, listener);
            client.subscribeOrderbook("binance", "BTCUSDT", 5, BookMode.TOP, listener);
            client.subscribeTrades("hyperliquid", "BTC", listener);
            Thread.sleep(seconds * 1_000L);
            // docs:end ipc-stream
            synchronized (lastMids) {
                lines.add(String.format(Locale.ROOT,
                    "streamed %d s: %d book messages, %d trades, %d gaps; mids hyperliquid %.2f binance %.2f",
                    seconds, books.get(), trades.get(), gaps.get(), lastMids[0], lastMids[1]));
            }

            // docs:start ipc-candles
            // Every Hyperliquid symbol's latest 4h candles in one reply, as primitive columns per symbol.
            final CandleBatch candles = client.getCandlesBatch("hyperliquid", null, "4h", 50);
            for (final String symbol : candles.symbols()) {
                final CandleColumns c = candles.columns(symbol);
                if (c.count() > 0) {
                    lines.add(String.format(Locale.ROOT, "%-8s %d candles 4h, last close %.4f", symbol, c.count(),
                        c.close()[c.count() - 1]));
                }
            }
            // docs:end ipc-candles
            return new Report(book, books.get(), lastMids.clone(), trades.get(), gaps.get(), candles, lines);
        }
    }
}
