package io.slipstream.mktdata.event;

/** The health of a stream, published as {@link EventType#STATUS} events. */
public enum StreamStatus {
    /** The venue connection is up; data has not started yet. */
    CONNECTED,
    /** Catching up: fetching a snapshot or backfilling; data is not yet trustworthy. */
    SYNCING,
    /** Data is flowing and consistent. */
    LIVE,
    /** Data was lost; the event's detail says how much (events, buckets, or -1 if unknown). */
    GAP,
    /** Nothing arrived for longer than the stream's normal cadence; detail is the silence in milliseconds. */
    STALE,
    /** Back in sync after a gap. */
    RESYNCED,
    /** The venue connection is down. */
    DISCONNECTED,
    /**
     * A replay ({@code slipstream-mktdata replay}) has served every recorded event; published once per venue with
     * {@link StreamKind#STATUS}, detail = events replayed. Never published by the live daemon.
     */
    REPLAY_FINISHED;

    private static final StreamStatus[] VALUES = values();

    /**
     * @param code an {@link #ordinal()}
     * @return the status, or null if unknown
     */
    public static StreamStatus fromCode(final int code) {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }
}
