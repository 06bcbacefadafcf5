"""The direct-venue fallback against the real thing: venue-sim's REST (``bin/slipstream-venue-sim``) and the daemon
(``bin/slipstream-mktdata run --config``) as separate processes, so the venues keep answering after the daemon dies.

Skipped with SLIPSTREAM_SKIP_DAEMON_TESTS=1, or when the launcher has no ``run --config`` yet.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest

import procs
from slipstream_mktdata import Candle, FallbackConfig, MarketDataClient, VenueStats

pytestmark = pytest.mark.skipif(os.environ.get("SLIPSTREAM_SKIP_DAEMON_TESTS") == "1",
                                reason="SLIPSTREAM_SKIP_DAEMON_TESTS=1")

HL_SYMBOLS = ["BTC", "SOL", "kPEPE"]
BN_SYMBOLS = ["BTCUSDT", "SOLUSDT", "1000PEPEUSDT"]


def _fields(c: Candle) -> Tuple[Any, ...]:
    """What the fallback promises to match for a closed candle."""
    return (c.symbol, c.interval, c.open_time_ms, c.open, c.high, c.low, c.close, c.volume, c.num_trades, c.closed)


def _eventually(fn: Callable[[], Any], timeout_s: float, what: str) -> Any:
    deadline = time.monotonic() + timeout_s
    last: Any = None
    while time.monotonic() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(0.25)
    raise AssertionError(f"{what} not reached in {timeout_s} s (last: {last!r})")


def _assert_same_closed(before: List[Candle], after: List[Candle]) -> int:
    """Every closed candle of ``before`` that ``after`` also covers is identical; returns how many were compared."""
    after_by_time = {c.open_time_ms: c for c in after}
    compared = 0
    for c in before:
        if c.closed and c.open_time_ms in after_by_time:
            assert _fields(after_by_time[c.open_time_ms]) == _fields(c), (c, after_by_time[c.open_time_ms])
            compared += 1
    return compared


@pytest.fixture
def tmpdir_short() -> Iterator[str]:
    d = tempfile.mkdtemp(prefix="ssmd-fb-")  # short: Unix socket paths are limited to ~108 bytes
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_daemon_killed_mid_session_fallback_serves_the_same_candles_and_the_client_returns(
        tmpdir_short: str) -> None:
    if not procs.launcher_has("run"):
        pytest.skip("bin/slipstream-mktdata has no 'run --config' yet")
    sim = procs.VenueSim("--synthetic", "4", "--rate", "300")
    daemon = None
    try:
        sock = f"{tmpdir_short}/d.sock"
        config = f"{tmpdir_short}/mktdata.toml"
        with open(config, "w") as f:
            f.write(procs.daemon_config(sock, sim, HL_SYMBOLS, BN_SYMBOLS, ["1h", "4h"], 300))
        daemon = procs.start_daemon(config)
        fallback = FallbackConfig(enabled=True, hyperliquid_url=sim.urls["hyperliquid_rest"],
                                  binance_url=sim.urls["binance_rest"], retry_daemon_s=0.5)
        client = MarketDataClient(sock, client_name="fallback-it", timeout_s=10.0, fallback=fallback)
        client.connect()

        # --- the session, served by the daemon ---
        def backfilled() -> Any:
            got = {(v, s): client.get_candles(v, s, "1h", 200)
                   for v, syms in (("hyperliquid", HL_SYMBOLS), ("binance", BN_SYMBOLS)) for s in syms}
            return got if all(sum(c.closed for c in cs) >= 150 for cs in got.values()) else None

        before = _eventually(backfilled, 60, "the daemon's 1h backfill")

        def backfilled_4h() -> Any:
            # The adapters backfill one interval after another: 4h may still be on its way when 1h is in.
            batch = client.get_candles_batch("binance", BN_SYMBOLS, "4h", 100)
            return batch if all(sum(c.closed for c in batch[s]) >= 90 for s in BN_SYMBOLS) else None

        batch_before = _eventually(backfilled_4h, 60, "the daemon's 4h backfill")
        assert client.last_source == "daemon" and not client.in_fallback
        assert batch_before.source == "daemon"
        symbols_before = {v: client.get_instruments(v) for v in ("hyperliquid", "binance")}
        assert client.fallback_stats["hyperliquid"].requests == 0  # nothing went to the venues so far

        # --- kill -9 the daemon mid-session ---
        daemon.kill()
        t0 = time.monotonic()
        after = {(v, s): client.get_candles(v, s, "1h", 200) for v, s in before}
        switch_s = time.monotonic() - t0
        assert client.last_source == "fallback" and client.in_fallback
        for key, candles in after.items():
            assert len(candles) == 200 and all(c.source == "fallback" for c in candles), key
            assert [c.open_time_ms for c in candles] == sorted(c.open_time_ms for c in candles)
            assert _assert_same_closed(before[key], candles) >= 150, key
        batch_after = client.get_candles_batch("binance", BN_SYMBOLS, "4h", 100)
        assert batch_after.source == "fallback" and set(batch_after) == set(BN_SYMBOLS)
        for s in BN_SYMBOLS:
            assert _assert_same_closed(batch_before[s], batch_after[s]) >= 90
        for venue, instruments in symbols_before.items():
            # The daemon follows the symbols its config names; the venue lists all it has. Same scales for both.
            assert set(instruments) <= set(client.get_instruments(venue)), venue
        stats = client.fallback_stats
        assert stats["hyperliquid"].requests > 0 and stats["binance"].requests > 0
        assert stats["hyperliquid"].status_429 == stats["binance"].status_429 == 0

        # --- the daemon comes back: the client returns to it by itself ---
        daemon = procs.start_daemon(config)
        back = _eventually(lambda: client.get_candles("binance", "BTCUSDT", "1h", 5) and
                           client.last_source == "daemon", 30, "the client back on the daemon")
        assert back and not client.in_fallback
        print(f"fallback took over in {switch_s:.2f} s for {len(after)} symbols; {stats}")
        client.close()
    finally:
        if daemon is not None:
            daemon.stop()
        sim.stop()


def _max_weight_per_minute(log: "List[Tuple[float, float, float, int]]") -> float:
    """The most weight the venue could have counted in any 60 s: requests stamped when sent (the earliest the
    venue can count them), summed over every window starting at a send time."""
    sends = sorted((sent, weight) for sent, _, weight, _ in log)
    worst = 0.0
    for i, (start, _) in enumerate(sends):
        worst = max(worst, sum(w for t, w in sends[i:] if t < start + 60.0))
    return worst


def test_many_symbols_through_the_fallback_stay_inside_both_venues_budgets(tmpdir_short: str) -> None:
    """Candles of many symbols with no daemon at all: the weight asked for exceeds a minute's budget on both venues
    (Hyperliquid 1200 per sliding minute, Binance 2400 per minute), so the fetch has to wait for budget; it
    completes without the venue ever answering 429 or 418."""
    sim = procs.VenueSim("--synthetic", "72", "--rate", "200")
    try:
        fallback = FallbackConfig(enabled=True, hyperliquid_url=sim.urls["hyperliquid_rest"],
                                  binance_url=sim.urls["binance_rest"])
        results: Dict[str, Any] = {}

        def fetch(venue: str, interval: str, count: int, nsymbols: int) -> None:
            client = MarketDataClient(f"{tmpdir_short}/no-daemon.sock", fallback=fallback)
            try:
                t0 = time.monotonic()
                symbols = client.get_symbols(venue)[:nsymbols]
                batch = client.get_candles_batch(venue, symbols, interval, count)
                results[venue] = (client.last_source, symbols, batch, client.fallback_stats[venue],
                                  time.monotonic() - t0)
            except BaseException as e:  # reported by the main thread
                results[venue] = e

        # Hyperliquid: 12 x 5000 1h candles = 12 x (20 + 84) weight + meta > 1200.
        # Binance: 72 x 5000 1h candles = 72 x 4 pages (10 + 10 + 10 + 5 weight) + exchangeInfo > 2400.
        threads = [threading.Thread(target=fetch, args=("hyperliquid", "1h", 5000, 12)),
                   threading.Thread(target=fetch, args=("binance", "1h", 5000, 72))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
        for venue, limit in (("hyperliquid", 1200), ("binance", 2400)):
            r = results.get(venue)
            if isinstance(r, BaseException):
                raise r
            assert r is not None, f"{venue}: the fetch did not finish"
            source, symbols, batch, stats, took = r
            assert isinstance(stats, VenueStats)
            assert source == "fallback" and batch.source == "fallback"
            assert list(batch) == symbols and all(len(batch[s]) == 5000 for s in symbols), venue
            assert stats.status_429 == 0 and stats.status_418 == 0, stats
            assert all(status == 200 for *_, status in stats.log)
            assert stats.weight > limit, f"{venue}: {stats.weight} weight does not test the budget"
            assert stats.throttled_s > 0, f"{venue}: never had to wait for budget"
            assert _max_weight_per_minute(list(stats.log)) <= limit
            print(f"{venue}: {len(symbols)} symbols, {stats.requests} requests, {stats.weight:.0f} weight in "
                  f"{took:.1f} s ({stats.throttled_s:.1f} s waiting for budget), no 429/418")
    finally:
        sim.stop()
