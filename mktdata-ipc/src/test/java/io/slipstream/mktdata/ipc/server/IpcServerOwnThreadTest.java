package io.slipstream.mktdata.ipc.server;

/** Every {@link IpcServerTest} specification again, with the server on a thread of its own. */
final class IpcServerOwnThreadTest extends IpcServerTest {
    @Override
    boolean sharesEngineThread() {
        return false;
    }
}
