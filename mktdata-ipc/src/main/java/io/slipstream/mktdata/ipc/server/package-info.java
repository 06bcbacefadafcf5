/**
 * The Unix-socket server of protocol version 1 (docs/protocol.md): one selector thread serves every client; the
 * engine thread encodes each event once into a hand-off ring; per-client queues, conflation and slow-consumer
 * policy keep one slow client from costing anyone else anything.
 */
package io.slipstream.mktdata.ipc.server;
