/**
 * The wire vocabulary of protocol version 1 (docs/protocol.md): message type names, field names, error codes, and
 * the encoder that writes market events as protocol messages. Shared by the server and the Java client.
 */
package io.slipstream.mktdata.ipc.protocol;
