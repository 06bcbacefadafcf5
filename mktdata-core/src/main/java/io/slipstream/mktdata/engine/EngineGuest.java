package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.ringbuffer.EventRing;

/**
 * Work that shares the engine's thread, hosted with {@link MarketDataEngine#host}: the IPC server, so that an event
 * goes from the engine to the client sockets without waking another thread. It runs after every duty cycle of the
 * engine, and it owns how the shared thread waits when idle, because what it waits for (sockets) cannot unpark a
 * parked thread: producers and commands end the wait through {@link #wake()}.
 */
public interface EngineGuest extends EventRing.Waiter {
    /**
     * One turn of the guest's work, on the engine thread; it must not block.
     *
     * @return how much it did; 0 lets the engine idle
     */
    int doWork();
}
