package io.slipstream.mktdata.instrument;

import io.slipstream.mktdata.fixedpoint.FixedPoint;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps (venue, symbol) to a compact, dense instrument id and back.
 *
 * <p>Thread-safe: registration is serialised (it happens at start-up and when a venue lists something new); reads
 * by id or by symbol are lock-free and never allocate. Ids are never reused or removed, so an id held by any
 * thread stays valid.
 */
public final class InstrumentRegistry {
    /** Returned by {@link #idOf} for an unknown instrument. */
    public static final int UNKNOWN = -1;

    private final int capacity;
    private final Map<Venue, ConcurrentHashMap<String, Instrument>> bySymbol = new EnumMap<>(Venue.class);
    private volatile Instrument[] byId = new Instrument[0];

    /** @param capacity the most instruments this registry will hold */
    public InstrumentRegistry(final int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        for (final Venue venue : Venue.values()) {
            bySymbol.put(venue, new ConcurrentHashMap<>());
        }
    }

    /**
     * Registers an instrument, or returns the existing one for the same (venue, symbol). Precision is fixed at first
     * registration, because book keys are mantissas at that scale; a later spec with other scales is refused.
     *
     * @param spec what the venue says about the instrument
     * @return the registered instrument
     * @throws IllegalArgumentException if the symbol or precision is invalid, the registry is full, or the scales
     *                                  differ from the existing registration
     */
    public synchronized Instrument register(final InstrumentSpec spec) {
        final String canonical = SymbolNaming.canonical(spec.venue(), spec.symbol());
        if (canonical == null) {
            throw new IllegalArgumentException(
                "invalid " + spec.venue().wireName() + " symbol '" + spec.symbol() + "'");
        }
        if (spec.priceScale() < 0 || spec.priceScale() > FixedPoint.MAX_SCALE
            || spec.sizeScale() < 0 || spec.sizeScale() > FixedPoint.MAX_SCALE
            || spec.tickSizeMantissa() < 0 || spec.lotSizeMantissa() <= 0) {
            throw new IllegalArgumentException("invalid precision for " + canonical + ": " + spec);
        }
        final Instrument existing = bySymbol.get(spec.venue()).get(canonical);
        if (existing != null) {
            if (existing.priceScale() != spec.priceScale() || existing.sizeScale() != spec.sizeScale()) {
                throw new IllegalArgumentException("precision of " + existing + " changed from price scale "
                    + existing.priceScale() + "/size scale " + existing.sizeScale() + " to " + spec.priceScale()
                    + "/" + spec.sizeScale() + "; a restart is needed to re-key its book");
            }
            return existing;
        }
        final Instrument[] current = byId;
        if (current.length >= capacity) {
            throw new IllegalArgumentException("instrument registry is full (" + capacity + " instruments)");
        }
        final Instrument instrument = new Instrument(current.length, spec.venue(), canonical,
            SymbolNaming.kindOf(spec.venue(), canonical), spec.priceScale(), spec.sizeScale(),
            spec.tickSizeMantissa(), spec.lotSizeMantissa());
        final Instrument[] next = java.util.Arrays.copyOf(current, current.length + 1);
        next[instrument.id()] = instrument;
        bySymbol.get(spec.venue()).put(canonical, instrument);
        byId = next;
        return instrument;
    }

    /**
     * @param venue  the venue
     * @param symbol the canonical symbol (as returned by {@link SymbolNaming#canonical})
     * @return the id, or {@link #UNKNOWN}
     */
    public int idOf(final Venue venue, final String symbol) {
        final Instrument instrument = find(venue, symbol);
        return instrument == null ? UNKNOWN : instrument.id();
    }

    /**
     * @param venue  the venue
     * @param symbol the symbol in canonical form or as a user spells it ({@code btcusdt} finds {@code BTCUSDT})
     * @return the instrument, or null
     */
    public Instrument find(final Venue venue, final String symbol) {
        if (venue == null || symbol == null) {
            return null;
        }
        final Instrument direct = bySymbol.get(venue).get(symbol);
        if (direct != null) {
            return direct;
        }
        final String canonical = SymbolNaming.canonical(venue, symbol);
        return canonical == null ? null : bySymbol.get(venue).get(canonical);
    }

    /**
     * @param id an instrument id
     * @return the instrument, or null if the id is not registered
     */
    public Instrument get(final int id) {
        final Instrument[] current = byId;
        return id >= 0 && id < current.length ? current[id] : null;
    }

    /** @return how many instruments are registered; ids are {@code 0 .. size()-1} */
    public int size() {
        return byId.length;
    }

    /** @return the most instruments this registry holds */
    public int capacity() {
        return capacity;
    }

    /**
     * @param venue the venue
     * @return its instruments in id order (a copy)
     */
    public List<Instrument> instruments(final Venue venue) {
        final List<Instrument> result = new ArrayList<>();
        for (final Instrument instrument : byId) {
            if (instrument.venue() == venue) {
                result.add(instrument);
            }
        }
        return result;
    }
}
