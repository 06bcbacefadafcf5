package io.slipstream.mktdata.launcher.systemd;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service manager's notification protocol ({@code sd_notify(3)}), spoken natively: one datagram per call to the
 * AF_UNIX socket named by {@code $NOTIFY_SOCKET} (a path, or {@code @name} for the abstract namespace). No
 * {@code systemd-notify} process is started: with {@code NotifyAccess=main} systemd would ignore a child's message,
 * and a fork per watchdog ping is no way to show that the engine itself is alive.
 *
 * <p>Without {@code $NOTIFY_SOCKET} (run by hand, in tests, in a container) every call does nothing. Sends never
 * block (the socket is non-blocking, like libsystemd's {@code MSG_DONTWAIT}) and never throw: a failure is logged once
 * and counted, because losing a notification must not take the daemon down. Thread-safe.
 */
public final class SystemdNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);
    private static final long MICROS_PER_MILLI = 1_000L;

    private final String socketName;
    private final SocketAddress target;
    private final long watchdogIntervalMs;
    private AFUNIXDatagramChannel channel;
    private boolean stoppingSent;
    private boolean closed;
    private long sent;
    private long failures;

    private SystemdNotifier(final String socketName, final SocketAddress target, final long watchdogIntervalMs) {
        this.socketName = socketName;
        this.target = target;
        this.watchdogIntervalMs = watchdogIntervalMs;
    }

    /**
     * @param env the process environment ({@code System.getenv()}); reads {@code NOTIFY_SOCKET},
     *            {@code WATCHDOG_USEC} and {@code WATCHDOG_PID}
     * @return a notifier for the socket named there, or one that does nothing when it is unset or unusable
     */
    public static SystemdNotifier fromEnvironment(final Map<String, String> env) {
        final String socket = env.get("NOTIFY_SOCKET");
        final long intervalMs = watchdogIntervalMs(env.get("WATCHDOG_USEC"), env.get("WATCHDOG_PID"),
            ProcessHandle.current().pid());
        if (socket == null || socket.isEmpty()) {
            return disabled();
        }
        try {
            final SocketAddress address = socket.charAt(0) == '@'
                ? AFUNIXSocketAddress.inAbstractNamespace(socket.substring(1))
                : AFUNIXSocketAddress.of(java.nio.file.Path.of(socket));
            return new SystemdNotifier(socket, address, intervalMs);
        } catch (final IOException | RuntimeException e) {
            LOG.warn("NOTIFY_SOCKET={} is not usable; systemd notifications are off", socket, e);
            return disabled();
        }
    }

    /** @return a notifier that sends nothing */
    public static SystemdNotifier disabled() {
        return new SystemdNotifier(null, null, 0);
    }

    /**
     * Half the watchdog timeout, as {@code sd_watchdog_enabled(3)} advises, so one late ping is not fatal.
     *
     * @param watchdogUsec {@code WATCHDOG_USEC}, or null
     * @param watchdogPid  {@code WATCHDOG_PID}, or null (then the watchdog is ours)
     * @param ownPid       this process
     * @return the ping interval in milliseconds, 0 when no watchdog applies to this process
     */
    static long watchdogIntervalMs(final String watchdogUsec, final String watchdogPid, final long ownPid) {
        if (watchdogUsec == null) {
            return 0;
        }
        try {
            if (watchdogPid != null && !watchdogPid.isEmpty() && Long.parseLong(watchdogPid.trim()) != ownPid) {
                return 0;
            }
            final long usec = Long.parseLong(watchdogUsec.trim());
            return usec <= 0 ? 0 : Math.max(1, usec / 2 / MICROS_PER_MILLI);
        } catch (final NumberFormatException e) {
            return 0;
        }
    }

    /** @return true when notifications go to a socket */
    public boolean enabled() {
        return target != null;
    }

    /** @return half of {@code WATCHDOG_USEC} in milliseconds, or 0 when systemd expects no watchdog pings */
    public long watchdogIntervalMs() {
        return watchdogIntervalMs;
    }

    /**
     * Tells systemd the service is up: {@code READY=1} with a status line.
     *
     * @param status one line for {@code systemctl status}
     */
    public void ready(final String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    /** @param status one line for {@code systemctl status}: {@code STATUS=...} */
    public void status(final String status) {
        send("STATUS=" + oneLine(status));
    }

    /** {@code WATCHDOG=1}: the service is alive; call only from proof of life (see {@link WatchdogPinger}). */
    public void watchdog() {
        send("WATCHDOG=1");
    }

    /** {@code STOPPING=1}: shutdown has begun; sent at most once. */
    public void stopping() {
        synchronized (this) {
            if (stoppingSent) {
                return;
            }
            stoppingSent = true;
        }
        send("STOPPING=1");
    }

    /** @return datagrams sent */
    public synchronized long sent() {
        return sent;
    }

    /** @return datagrams that could not be sent */
    public synchronized long failures() {
        return failures;
    }

    /** Sends {@code STOPPING=1} if it was not sent yet, then closes the socket. */
    @Override
    public void close() {
        stopping();
        synchronized (this) {
            closed = true;
            if (channel != null) {
                try {
                    channel.close();
                } catch (final IOException e) {
                    LOG.debug("closing the notify socket", e);
                }
                channel = null;
            }
        }
    }

    private synchronized void send(final String message) {
        if (target == null || closed) {
            return;
        }
        try {
            if (channel == null) {
                channel = AFUNIXDatagramChannel.open();
                channel.configureBlocking(false);
            }
            final int written = channel.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), target);
            if (written == 0) {
                fail(message, null);
                return;
            }
            sent++;
        } catch (final IOException | RuntimeException e) {
            fail(message, e);
        }
    }

    private void fail(final String message, final Exception cause) {
        failures++;
        if (failures == 1) {
            LOG.warn("could not notify systemd on {} ({}); later failures are only counted", socketName,
                message.replace('\n', ' '), cause);
        }
    }

    private static String oneLine(final String status) {
        return status == null ? "" : status.replace('\n', ' ').replace('\r', ' ');
    }
}
