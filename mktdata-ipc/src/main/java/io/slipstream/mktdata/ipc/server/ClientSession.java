package io.slipstream.mktdata.ipc.server;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** One connected client: its socket, unread request bytes, outbound queue and subscriptions. Server thread only. */
final class ClientSession {
    /** What to do when a lossless stream overflows this client's queue. */
    enum SlowConsumerPolicy {
        /** Drop, count, and send a gap status once there is room. */
        DROP,
        /** Send {@code slow_consumer} and close. */
        DISCONNECT
    }

    final int slot;
    final int generation;
    final SocketChannel channel;
    final SelectionKey key;
    final OutboundQueue out;
    final Map<Integer, ClientSubscription> subscriptions = new HashMap<>();
    final Map<Object, ClientSubscription> byIdentity = new HashMap<>();
    final ArrayDeque<ClientSubscription> dirty = new ArrayDeque<>();
    final ArrayDeque<ClientSubscription> gaps = new ArrayDeque<>();
    final ArrayDeque<ClientSubscription> resnapshots = new ArrayDeque<>();
    byte[] in = new byte[4096];
    int inLength;
    SlowConsumerPolicy policy = SlowConsumerPolicy.DROP;
    String clientName = "";
    int nextSubscriptionId = 1;
    int nextSnapshotToken = 1;
    boolean writeInterest;
    boolean touched;
    boolean closed;
    long messagesDropped;

    ClientSession(final int slot, final int generation, final SocketChannel channel, final SelectionKey key,
                  final int maxQueueBytes) {
        this.slot = slot;
        this.generation = generation;
        this.channel = channel;
        this.key = key;
        this.out = new OutboundQueue(maxQueueBytes);
    }

    /** Makes room for {@code more} unread bytes. */
    void ensureInbound(final int more) {
        if (inLength + more > in.length) {
            in = Arrays.copyOf(in, Math.max(inLength + more, in.length * 2));
        }
    }

    /** Drops the first {@code consumed} unread bytes. */
    void consumeInbound(final int consumed) {
        System.arraycopy(in, consumed, in, 0, inLength - consumed);
        inLength -= consumed;
    }
}
