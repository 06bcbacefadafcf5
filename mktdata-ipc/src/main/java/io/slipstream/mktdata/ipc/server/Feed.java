package io.slipstream.mktdata.ipc.server;

import io.slipstream.mktdata.engine.Subscription;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream taken from the engine once (one engine subscription) and fanned out to every client subscription that
 * reads it. Its slot and generation name it in the hand-off ring, so records of a feed that was closed meanwhile
 * are recognised and skipped. Registration is owned by the server loop; the engine listener only encodes.
 */
final class Feed {
    final FeedKey key;
    final int slot;
    final int generation;
    final List<ClientSubscription> readers = new ArrayList<>();
    Subscription engineSubscription;

    Feed(final FeedKey key, final int slot, final int generation) {
        this.key = key;
        this.slot = slot;
        this.generation = generation;
    }
}
