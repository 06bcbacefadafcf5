package io.slipstream.mktdata.ipc.server;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.instrument.Venue;

/**
 * A distinct stream the server takes from the engine and encodes once for every client that wants it.
 *
 * @param kind         what it carries
 * @param venue        the venue
 * @param instrumentId the instrument, or -1 for venue-wide feeds
 * @param interval     the candle interval, or null
 * @param depth        levels per side of a top-of-book feed, else 0
 */
record FeedKey(Kind kind, Venue venue, int instrumentId, CandleInterval interval, int depth) {

    /** Feed kinds, and how a slow client is served each. */
    enum Kind {
        /** Top N of a book after every update: conflated. */
        BOOK_TOP(Delivery.CONFLATED),
        /** The changed levels: exact, resnapshot when the client falls behind. */
        BOOK_DELTA(Delivery.RESNAPSHOT),
        /** Best bid and offer: conflated. */
        QUOTES(Delivery.CONFLATED),
        /** One instrument's trades: lossless up to the bound. */
        TRADES(Delivery.LOSSLESS),
        /** One instrument's candles of one interval. */
        CANDLES(Delivery.LOSSLESS),
        /** Every instrument's candles of one interval on a venue. */
        ALL_CANDLES(Delivery.LOSSLESS),
        /** Every instrument's trades on a venue. */
        ALL_TRADES(Delivery.LOSSLESS),
        /** A venue's status events. */
        STATUS(Delivery.LOSSLESS),
        /** One instrument's order-flow features: each a full state, so conflated. */
        FEATURES(Delivery.CONFLATED),
        /** Every instrument's features on a venue: conflated per instrument. */
        ALL_FEATURES(Delivery.CONFLATED);

        private final Delivery delivery;

        Kind(final Delivery delivery) {
            this.delivery = delivery;
        }

        Delivery delivery() {
            return delivery;
        }
    }

    /** How messages reach a client that reads slowly. */
    enum Delivery {
        /** Only the latest state is kept while the client is behind. */
        CONFLATED,
        /** Every message, until the bound; then drop everything and start over from a snapshot. */
        RESNAPSHOT,
        /** Every message, until the bound; then the client's slow-consumer policy. */
        LOSSLESS
    }
}
