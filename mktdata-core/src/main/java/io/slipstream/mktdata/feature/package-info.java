/**
 * Order-flow features computed by the engine once for every strategy: trade-flow windows (toxicity, aggressor
 * imbalance, arrival rate, VWAP and the deviation from it), book shape (spread and its velocity, depth imbalance,
 * depth at several bands with the visible horizon) and the cross-venue basis. Definitions: docs/features.md.
 */
package io.slipstream.mktdata.feature;
