"""Gradient-style cold start: every symbol's 4h candles in one request, a pandas panel, a momentum ranking.

A strategy that starts cold needs history for the whole universe before its first decision. The daemon already
holds it: one ``get_candles_batch`` returns every symbol's candles as packed columns, ``candles_to_panel`` turns
them into one DataFrame indexed by (symbol, open_time), and the ranking is a few vectorised lines.

    python examples/python/gradient_cold_start.py [--socket PATH] [--venue hyperliquid] [--lookback 42] [--top 10]

The socket defaults to ``SLIPSTREAM_MKTDATA_DAEMON_SOCKET_PATH`` (as the daemon's), else
``/var/run/slipstream/mktdata.sock``; ``bin/slipstream-mktdata demo --socket /tmp/mktdata.sock`` serves simulated
venues.
"""

from __future__ import annotations

import argparse
import sys
from typing import Optional

import numpy as np
import pandas as pd

from slipstream_mktdata import MarketDataClient
from slipstream_mktdata.panel import candles_to_panel


# docs:start momentum
def momentum_ranking(panel: pd.DataFrame, lookback: int = 42) -> pd.DataFrame:
    """Rank symbols by risk-adjusted momentum over the last ``lookback`` closed 4h candles (42 = one week).

    momentum = log return over the window / (stdev of the 4h log returns * sqrt(lookback)): a move measured in
    the symbol's own volatility, so quiet and wild coins compare. Symbols with less history are left out.
    """
    closes = panel.loc[panel["closed"], "close"].unstack("symbol").sort_index()  # open_time x symbol
    log_returns = np.log(closes).diff().iloc[-lookback:]
    log_returns = log_returns.loc[:, log_returns.count() >= lookback]
    if log_returns.empty:  # no symbol has the history yet (a daemon still backfilling)
        return pd.DataFrame(columns=["return_pct", "volatility_pct", "momentum", "last_close"]).rename_axis("symbol")
    total = log_returns.sum()
    volatility = log_returns.std() * np.sqrt(lookback)
    ranking = pd.DataFrame({"return_pct": 100 * np.expm1(total), "volatility_pct": 100 * volatility,
                            "momentum": total / volatility, "last_close": closes[log_returns.columns].iloc[-1]})
    ranking = ranking.replace([np.inf, -np.inf], np.nan).dropna(subset=["momentum"])
    return ranking.sort_values("momentum", ascending=False).rename_axis("symbol")
# docs:end momentum


def cold_start(socket_path: Optional[str] = None, venue: str = "hyperliquid", lookback: int = 42,
               count: int = 300) -> pd.DataFrame:
    """The ranking of every symbol of ``venue`` from the daemon at ``socket_path`` (None: the default socket)."""
    # docs:start cold-start
    with MarketDataClient(socket_path) as client:
        batch = client.get_candles_batch(venue, None, interval="4h", count=count)  # every symbol, one request
    panel = candles_to_panel(batch)  # index (symbol, open_time), columns open/high/low/close/volume/trades/closed
    return momentum_ranking(panel, lookback)
    # docs:end cold-start


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket", help="the daemon's socket (default: as the daemon's)")
    parser.add_argument("--venue", default="hyperliquid", choices=["hyperliquid", "binance"])
    parser.add_argument("--lookback", type=int, default=42, help="closed 4h candles (default 42: one week)")
    parser.add_argument("--top", type=int, default=10, help="rows printed at each end")
    args = parser.parse_args(argv)
    ranking = cold_start(args.socket, args.venue, args.lookback)
    if ranking.empty:
        print(f"no symbol of {args.venue} has {args.lookback + 1} closed 4h candles yet", file=sys.stderr)
        return 1
    with pd.option_context("display.float_format", "{:.3f}".format, "display.width", 120):
        print(f"{args.venue}: {len(ranking)} symbols ranked by {args.lookback}-candle 4h momentum")
        print(ranking.head(args.top).to_string())
        if len(ranking) > args.top:
            print("...")
            print(ranking.tail(min(args.top, len(ranking) - args.top)).to_string(header=False, index_names=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
