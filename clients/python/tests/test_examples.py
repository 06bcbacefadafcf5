"""examples/python, run against the real daemon (the demo of the session fixture): the Gradient-style cold start
ranks every symbol by momentum from one candle batch, and prints that ranking."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from types import ModuleType

import numpy as np
import pytest

import procs

pytest.importorskip("pandas")
EXAMPLE = procs.ROOT / "examples" / "python" / "gradient_cold_start.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gradient_cold_start", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gradient_cold_start_ranks_every_symbol_by_momentum(daemon_socket: str) -> None:
    example = _load()
    from slipstream_mktdata import MarketDataClient

    with MarketDataClient(daemon_socket) as client:
        symbols = client.get_symbols("hyperliquid")
        deadline = time.monotonic() + 60
        while True:  # the demo backfills candles in the background just after it starts
            ranking = example.cold_start(daemon_socket, "hyperliquid", lookback=42)
            if len(ranking) == len(symbols) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        btc = [c for c in client.get_candles("hyperliquid", "BTC", "4h", 300) if c.closed]

    assert sorted(ranking.index) == sorted(symbols)
    assert ranking["momentum"].is_monotonic_decreasing
    # BTC's row, recomputed from its own candles asked for one by one.
    closes = np.array([c.close for c in btc])
    log_returns = np.diff(np.log(closes))[-42:]
    row = ranking.loc["BTC"]
    assert row["return_pct"] == pytest.approx(100 * np.expm1(log_returns.sum()), rel=1e-9)
    assert row["momentum"] == pytest.approx(log_returns.sum() / (log_returns.std(ddof=1) * np.sqrt(42)), rel=1e-9)
    assert row["last_close"] == closes[-1]


def test_gradient_cold_start_prints_the_ranking(daemon_socket: str) -> None:
    out = subprocess.run([sys.executable, str(EXAMPLE), "--socket", daemon_socket, "--top", "1"],
                         capture_output=True, text=True, timeout=60)

    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("hyperliquid: ") and lines[0].endswith(" symbols ranked by 42-candle 4h momentum")
    assert lines[1].split() == ["return_pct", "volatility_pct", "momentum", "last_close"]
    assert lines[2].split() == ["symbol"]
    assert len(lines[3].split()) == 5 and lines[4] == "..." and len(lines[5].split()) == 5
