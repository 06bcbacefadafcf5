package io.slipstream.mktdata.ipc.server;

import java.util.Arrays;

/**
 * One subscription of one connection: which feeds it reads, whether its first (snapshot) message has arrived, and
 * its conflation slot or loss count while the client is behind. Owned by the server thread.
 */
final class ClientSubscription {
    final int id;
    final ClientSession session;
    final FeedKey key;
    final Feed[] feeds;
    final int snapshotCount;
    final String streamName;
    boolean live;
    int snapshotToken;
    long lost;
    boolean gapQueued;
    boolean resnapshotQueued;
    byte[] conflated = new byte[0];
    int conflatedLength;
    boolean dirty;

    ClientSubscription(final int id, final ClientSession session, final FeedKey key, final Feed[] feeds,
                       final int snapshotCount, final String streamName) {
        this.id = id;
        this.session = session;
        this.key = key;
        this.feeds = feeds;
        this.snapshotCount = snapshotCount;
        this.streamName = streamName;
    }

    FeedKey.Delivery delivery() {
        return key.kind().delivery();
    }

    void keepLatest(final java.nio.ByteBuffer source, final int offset, final int length) {
        if (conflated.length < length) {
            conflated = Arrays.copyOf(conflated, Math.max(length, conflated.length * 2));
        }
        source.get(offset, conflated, 0, length);
        conflatedLength = length;
    }
}
