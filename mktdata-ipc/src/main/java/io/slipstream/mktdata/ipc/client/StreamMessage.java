package io.slipstream.mktdata.ipc.client;

/** A message of a stream: the common fields, delegated to {@link #header()}. */
public interface StreamMessage {
    /** @return the common fields */
    MessageHeader header();

    /** @return the venue */
    default String venue() {
        return header().venue();
    }

    /** @return the venue's symbol */
    default String symbol() {
        return header().symbol();
    }

    /** @return the stream's sequence number */
    default long seq() {
        return header().seq();
    }

    /** @return the engine's epoch */
    default long epoch() {
        return header().epoch();
    }

    /** @return venue time, epoch ns, 0 if unknown */
    default long exchangeTimeNs() {
        return header().exchangeTimeNs();
    }

    /** @return local receive time, epoch ns, 0 if unknown */
    default long receiveTimeNs() {
        return header().receiveTimeNs();
    }

    /** @return engine publish time, epoch ns, 0 if unknown */
    default long publishTimeNs() {
        return header().publishTimeNs();
    }
}
