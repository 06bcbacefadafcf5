/** Reading whole venue frames with a reused jackson-core parser, without allocating: shared by both adapters. */
package io.slipstream.mktdata.venue.json;
