package io.slipstream.mktdata.venue.rest;

/**
 * Which REST requests go first when a venue's weight budget is short. A resync decides whether a stream is live at
 * all (a book without its snapshot is useless to every client), a backfill only completes history the clients
 * already know is missing, so after a venue cut the books come back before the trade backfills are paid for.
 */
public enum RestPriority {
    /** Depth snapshots, candle gap fills, exchange info: a stream waits for the answer to be live. */
    RESYNC,
    /** Trade history: waits while any resync waits, and leaves the budget's reserve to resyncs. */
    BACKFILL
}
