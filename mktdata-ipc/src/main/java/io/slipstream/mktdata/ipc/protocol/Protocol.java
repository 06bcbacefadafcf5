package io.slipstream.mktdata.ipc.protocol;

/** Constants of protocol version 1; see docs/protocol.md. */
public final class Protocol {
    /** The protocol version this build speaks. */
    public static final int VERSION = 1;
    /** Default socket path, as in the sprint document. */
    public static final String DEFAULT_SOCKET_PATH = "/var/run/slipstream/mktdata.sock";

    /** Error code: a malformed request or a missing or mistyped field. */
    public static final String ERROR_BAD_REQUEST = "bad_request";
    /** Error code: a request type the server does not know. */
    public static final String ERROR_UNKNOWN_TYPE = "unknown_type";
    /** Error code: no such venue and symbol. */
    public static final String ERROR_UNKNOWN_SYMBOL = "unknown_symbol";
    /** Error code: unsubscribe of a subscription this connection does not hold. */
    public static final String ERROR_UNKNOWN_SUBSCRIPTION = "unknown_subscription";
    /** Error code: the connection holds the maximum number of subscriptions. */
    public static final String ERROR_TOO_MANY_SUBSCRIPTIONS = "too_many_subscriptions";
    /** Error code: the server already serves the maximum number of clients. */
    public static final String ERROR_TOO_MANY_CLIENTS = "too_many_clients";
    /** Error code: no protocol version in common. */
    public static final String ERROR_UNSUPPORTED_PROTOCOL = "unsupported_protocol";
    /** Error code: the client fell too far behind and asked to be disconnected then. */
    public static final String ERROR_SLOW_CONSUMER = "slow_consumer";
    /** Error code: bytes that are not MessagePack, or a message over the size limit. */
    public static final String ERROR_UNFRAMEABLE = "unframeable";
    /** Error code: the daemon is stopping. */
    public static final String ERROR_SHUTTING_DOWN = "shutting_down";
    /** Error code: the server failed to answer (a bug: logged). */
    public static final String ERROR_INTERNAL = "internal";

    private Protocol() {
    }
}
