package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.Venue;

import java.util.Objects;

/**
 * What a listener subscribes to: one stream (kind, instrument[, interval]) or, with {@link #ALL_INSTRUMENTS}, that
 * kind for every instrument of a venue. Status streams are per venue.
 *
 * @param kind         the kind of stream
 * @param venue        the venue
 * @param instrumentId an instrument of that venue, or {@link #ALL_INSTRUMENTS}
 * @param interval     the candle interval for {@link StreamKind#CANDLES}, else null
 */
public record StreamKey(StreamKind kind, Venue venue, int instrumentId, CandleInterval interval) {
    /** Instrument id meaning every instrument of the venue. */
    public static final int ALL_INSTRUMENTS = -1;

    /**
     * @throws IllegalArgumentException if a candle key has no interval or another key has one
     */
    public StreamKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(venue, "venue");
        if ((kind == StreamKind.CANDLES) != (interval != null)) {
            throw new IllegalArgumentException("an interval is required for candles and only for candles");
        }
        if (kind == StreamKind.STATUS && instrumentId != ALL_INSTRUMENTS) {
            throw new IllegalArgumentException("status streams are per venue");
        }
    }

    /** @param instrument the instrument @return its book stream */
    public static StreamKey book(final Instrument instrument) {
        return new StreamKey(StreamKind.BOOK, instrument.venue(), instrument.id(), null);
    }

    /** @param instrument the instrument @return its trade stream */
    public static StreamKey trades(final Instrument instrument) {
        return new StreamKey(StreamKind.TRADES, instrument.venue(), instrument.id(), null);
    }

    /** @param instrument the instrument @return its quote stream */
    public static StreamKey quotes(final Instrument instrument) {
        return new StreamKey(StreamKind.QUOTES, instrument.venue(), instrument.id(), null);
    }

    /** @param instrument the instrument @return its mark-price and funding stream */
    public static StreamKey mark(final Instrument instrument) {
        return new StreamKey(StreamKind.MARK, instrument.venue(), instrument.id(), null);
    }

    /** @param instrument the instrument @return its order-flow features stream */
    public static StreamKey features(final Instrument instrument) {
        return new StreamKey(StreamKind.FEATURES, instrument.venue(), instrument.id(), null);
    }

    /**
     * @param instrument the instrument
     * @param interval   the interval
     * @return its candle stream for that interval
     */
    public static StreamKey candles(final Instrument instrument, final CandleInterval interval) {
        return new StreamKey(StreamKind.CANDLES, instrument.venue(), instrument.id(), interval);
    }

    /**
     * @param kind     the kind
     * @param venue    the venue
     * @param interval the interval for candles, else null
     * @return that kind for every instrument of the venue
     */
    public static StreamKey all(final StreamKind kind, final Venue venue, final CandleInterval interval) {
        return new StreamKey(kind, venue, ALL_INSTRUMENTS, interval);
    }

    /** @param venue the venue @return its status stream */
    public static StreamKey status(final Venue venue) {
        return new StreamKey(StreamKind.STATUS, venue, ALL_INSTRUMENTS, null);
    }

    /** @return true if this key covers every instrument of the venue */
    public boolean isWildcard() {
        return instrumentId == ALL_INSTRUMENTS;
    }

    /** @return the per-instrument slot of this stream (see {@link #slotOf}) */
    int slot() {
        return slotOf(kind, interval);
    }

    /** Slots per instrument: book, trades, quotes, mark, features, then one per candle interval. */
    static final int SLOTS = 5 + CandleInterval.values().length;

    static int slotOf(final StreamKind kind, final CandleInterval interval) {
        return switch (kind) {
            case BOOK -> 0;
            case TRADES -> 1;
            case QUOTES -> 2;
            case MARK -> 3;
            case FEATURES -> 4;
            case CANDLES -> 5 + interval.ordinal();
            case STATUS -> -1;
        };
    }
}
