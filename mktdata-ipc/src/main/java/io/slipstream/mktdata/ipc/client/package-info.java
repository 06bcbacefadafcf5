/**
 * The Java client of the IPC protocol (docs/protocol.md, version 1): {@link
 * io.slipstream.mktdata.ipc.client.MarketDataClient} connects to the daemon's Unix socket, sends requests and
 * delivers stream messages to {@link io.slipstream.mktdata.ipc.client.MarketDataListener}s on one reader thread,
 * detects sequence gaps and reconnects on its own.
 */
package io.slipstream.mktdata.ipc.client;
