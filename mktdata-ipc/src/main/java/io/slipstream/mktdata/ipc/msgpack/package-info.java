/**
 * MessagePack, written and read by hand over reusable byte arrays: the server encodes every event once without
 * allocating, and frames untrusted client bytes without trusting them. Checked against msgpack-core in the tests.
 */
package io.slipstream.mktdata.ipc.msgpack;
