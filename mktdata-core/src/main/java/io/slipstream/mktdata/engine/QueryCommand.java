package io.slipstream.mktdata.engine;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A query waiting for the engine thread; cancelled if the engine closes before running it. */
final class QueryCommand<T> implements Runnable {
    private final Function<MarketState, T> query;
    private final MarketState state;
    private final CompletableFuture<T> result = new CompletableFuture<>();

    QueryCommand(final Function<MarketState, T> query, final MarketState state) {
        this.query = query;
        this.state = state;
    }

    @Override
    public void run() {
        try {
            result.complete(query.apply(state));
        } catch (final RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    CompletableFuture<T> result() {
        return result;
    }

    void cancel() {
        result.cancel(false);
    }
}
