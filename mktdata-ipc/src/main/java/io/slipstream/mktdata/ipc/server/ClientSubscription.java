package io.slipstream.mktdata.ipc.server;

/**
 * One subscription of one connection: which feeds it reads, whether its first (snapshot) message has arrived, and
 * its conflation slots or loss count while the client is behind. Owned by the server loop (see {@link IpcServer}).
 */
final class ClientSubscription {
    final int id;
    final ClientSession session;
    final FeedKey key;
    /** What makes two subscribe requests the same subscription: the key, or the keys of a list of instruments. */
    final Object identity;
    final Feed[] feeds;
    final int snapshotCount;
    final String streamName;
    boolean live;
    int snapshotToken;
    long lost;
    boolean gapQueued;
    boolean resnapshotQueued;
    final LatestMessages latest = new LatestMessages();
    boolean dirty;

    ClientSubscription(final int id, final ClientSession session, final FeedKey key, final Object identity,
                       final Feed[] feeds, final int snapshotCount, final String streamName) {
        this.id = id;
        this.session = session;
        this.key = key;
        this.identity = identity;
        this.feeds = feeds;
        this.snapshotCount = snapshotCount;
        this.streamName = streamName;
    }

    FeedKey.Delivery delivery() {
        return key.kind().delivery();
    }
}
