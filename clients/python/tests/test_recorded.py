"""The recorder's Parquet, read the way a researcher reads it: pandas through pyarrow, one glob for everything.

The demo runs the daemon and the recorder (its own process) against venue-sim; after a few seconds its trades and
quotes are on disk and readable, with the columns docs/data.md promises and every stream's seq unique."""

from __future__ import annotations

import glob
import os
import time
from pathlib import Path

import pandas as pd
import pytest

from procs import start_demo

pyarrow = pytest.importorskip("pyarrow")

COMMON = {"exchange_time", "receive_time", "venue", "symbol", "seq", "epoch"}


def _parquet(root: Path, table: str) -> list:
    return sorted(glob.glob(str(root / table / "**" / "*.parquet"), recursive=True))


def test_recorded_trades_and_quotes_read_with_pandas_through_pyarrow(tmp_path: Path) -> None:
    if os.environ.get("SLIPSTREAM_SKIP_DAEMON_TESTS"):
        pytest.skip("SLIPSTREAM_SKIP_DAEMON_TESTS is set")
    record = tmp_path / "record"
    demo = start_demo(str(tmp_path / "demo.sock"), seconds=60, symbols=2, record_dir=str(record))
    try:
        demo.wait_for(r"recorder: pid \d+")
        data = record / "data"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (_parquet(data, "trades") and _parquet(data, "quotes")):
            time.sleep(0.5)
        time.sleep(3)
    finally:
        demo.stop()
    trades = pd.read_parquet(_parquet(data, "trades"), engine="pyarrow")
    quotes = pd.read_parquet(_parquet(data, "quotes"), engine="pyarrow")
    assert len(trades) > 0 and len(quotes) > 0
    assert COMMON <= set(trades.columns) and {"price", "size", "side"} <= set(trades.columns)
    assert COMMON <= set(quotes.columns) and {"bid_price", "ask_price"} <= set(quotes.columns)
    assert set(trades["venue"]) == {"hyperliquid", "binance"}
    assert set(trades["side"].dropna()) <= {"buy", "sell"}
    # Exactly once: no (epoch, venue, symbol, seq) twice in a stream.
    assert not trades.duplicated(["epoch", "venue", "symbol", "seq"]).any()
    assert not quotes.duplicated(["epoch", "venue", "symbol", "seq"]).any()
    assert (trades["price"] > 0).all()
