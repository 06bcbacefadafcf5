"""Integration tests against the real daemon fed by venue-sim: ``bin/slipstream-mktdata demo --socket PATH``.

The session fixture (conftest.py) starts the demo (which builds what is stale) on a temporary socket and stops it
with SIGTERM at the end. The tests skip, saying why, when the launcher does not offer ``demo --socket`` yet, or when
SLIPSTREAM_SKIP_DAEMON_TESTS=1.
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import time
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest

from slipstream_mktdata import Features, MarketDataClient, OrderbookSnapshot, Trade, UnknownSymbolError, typed
from slipstream_mktdata.aio import AsyncMarketDataClient
from slipstream_mktdata.panel import candles_to_panel

BOOK_FIELDS = {f.name for f in dataclasses.fields(OrderbookSnapshot)}
TRADE_FIELDS = {f.name for f in dataclasses.fields(Trade)}


# The session fixture daemon_socket (the demo on a temporary socket) lives in conftest.py: the snippet tests share it.


@pytest.fixture
def client(daemon_socket: str) -> Iterator[MarketDataClient]:
    with MarketDataClient(daemon_socket, client_name="pytest", timeout_s=15.0) as c:
        yield c


def _eventually(fn: Callable[[], Any], timeout_s: float = 60.0, what: str = "condition") -> Any:
    """Retries fn until it returns something truthy: the simulated venues need a moment to sync the books."""
    deadline = time.monotonic() + timeout_s
    last: Any = None
    while time.monotonic() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(0.25)
    raise AssertionError(f"{what} not reached in {timeout_s} s (last: {last!r})")


def _pick(symbols: List[str], *names: str) -> str:
    for n in names:
        for s in symbols:
            if s.upper() == n.upper():
                return s
    assert symbols, "no symbols"
    return symbols[0]


def _btc(client: MarketDataClient, venue: str) -> str:
    return _pick(client.get_symbols(venue), "BTC" if venue == "hyperliquid" else "BTCUSDT")


def test_get_symbols(client: MarketDataClient) -> None:
    hl = client.get_symbols("hyperliquid")
    bn = client.get_symbols("binance")
    assert hl and bn
    assert {"BTC", "ETH"} & set(hl), hl
    assert {"BTCUSDT", "ETHUSDT"} & {s.upper() for s in bn}, bn
    everything = client.get_instruments()
    assert {i.venue for i in everything} >= {"hyperliquid", "binance"}
    assert all(i.price_scale >= 0 and i.size_scale >= 0 for i in everything)


@pytest.mark.parametrize("venue", ["hyperliquid", "binance"])
def test_orderbook_is_two_sided_and_sorted(client: MarketDataClient, venue: str) -> None:
    symbol = _btc(client, venue)

    def book() -> Optional[OrderbookSnapshot]:
        ob = client.get_orderbook(venue, symbol, depth=10)
        return ob if ob is not None and ob.bids and ob.asks else None

    ob = _eventually(book, what=f"a two-sided {venue} {symbol} book")
    assert ob.best_bid[0] < ob.best_ask[0]
    assert [p for p, _ in ob.bids] == sorted((p for p, _ in ob.bids), reverse=True)
    assert [p for p, _ in ob.asks] == sorted(p for p, _ in ob.asks)
    assert all(s > 0 for _, s in ob.bids + ob.asks)
    assert ob.mid_price is not None and ob.spread_bps is not None and ob.spread_bps >= 0
    # exchange_ts_ns (and so timestamp_us) is 0 when the venue gave no time: the protocol allows it.
    assert ob.timestamp_us >= 0 and ob.receive_ts_ns > 0
    assert ob.epoch == client.server_info.epoch  # type: ignore[union-attr]


def test_subscribe_orderbook_snapshot_then_updates(client: MarketDataClient) -> None:
    venues = ["hyperliquid", "binance"]
    for venue in venues:
        client.subscribe_orderbook(venue, _btc(client, venue), depth=5)
    first: Dict[str, str] = {}
    last_seq: Dict[str, int] = {}
    updates = {v: 0 for v in venues}
    deadline = time.monotonic() + 60
    while min(updates.values()) < 1 or sum(updates.values()) < 10:
        assert time.monotonic() < deadline, f"updates seen: {updates}"
        msg = client.next_message(5.0)
        if msg is None or msg["type"] not in ("orderbook_snapshot", "orderbook_update"):
            continue
        # Every field the daemon sends is a declared field (not just tolerated as unknown).
        assert set(msg["data"]) <= BOOK_FIELDS, set(msg["data"]) - BOOK_FIELDS
        ob = OrderbookSnapshot(**msg["data"])
        first.setdefault(ob.venue, msg["type"])
        assert ob.seq >= last_seq.get(ob.venue, 0), "seq never goes back"
        last_seq[ob.venue] = ob.seq
        assert len(ob.bids) <= 5 and len(ob.asks) <= 5
        if ob.bids and ob.asks:
            assert ob.best_bid[0] < ob.best_ask[0]  # type: ignore[index]
        if msg["type"] == "orderbook_update":
            updates[ob.venue] += 1
    assert first == {v: "orderbook_snapshot" for v in venues}
    print(f"book updates {updates} in {time.monotonic() - (deadline - 60):.1f} s")  # shown with -s


def test_subscribe_trades_sides_and_consecutive_seq(client: MarketDataClient) -> None:
    keys = [(v, _btc(client, v)) for v in ("hyperliquid", "binance")]
    for venue, symbol in keys:
        client.subscribe_trades(venue, symbol)
    last: Dict[Tuple[str, str], int] = {}
    count: Dict[Tuple[str, str], int] = {k: 0 for k in keys}
    deadline = time.monotonic() + 90
    while sum(count.values()) < 20 or min(count.values()) < 3:
        assert time.monotonic() < deadline, f"trades seen: {count}"
        msg = client.next_message(5.0)
        if msg is None:
            continue
        if msg["type"] == "status":
            assert msg["data"].get("status") != "gap", f"unexpected gap: {msg}"
            continue
        if msg["type"] != "trade":
            continue
        d = msg["data"]
        assert set(d) <= TRADE_FIELDS, set(d) - TRADE_FIELDS
        key = (d["venue"], d["symbol"])
        assert d["side"] in ("buy", "sell") and d["price"] > 0 and d["size"] > 0
        if key in last:
            assert d["seq"] == last[key] + 1, f"{key}: seq {last[key]} -> {d['seq']}"
        last[key] = d["seq"]
        count[key] = count.get(key, 0) + 1
    assert client.gaps_detected == 0


def test_candles_batch_columns_to_panel(client: MarketDataClient) -> None:
    symbols = client.get_symbols("hyperliquid")

    def batch() -> Any:
        b = client.get_candles_batch("hyperliquid", interval="4h", count=1100)
        return b if any(len(b[s]) for s in b) else None

    b = _eventually(batch, what="some 4h candles (the demo keeps 15m, 1h, 4h)")
    assert set(b) <= set(symbols)
    panel = candles_to_panel(b)
    assert len(panel) == b.columns.total > 0
    assert (panel["high"] >= panel["low"]).all()
    assert ((panel["open"] <= panel["high"]) & (panel["open"] >= panel["low"])).all()
    for sym, frame in panel.groupby(level="symbol"):
        times = frame.index.get_level_values("open_time")
        assert times.is_monotonic_increasing and times.is_unique
    btc = _btc(client, "hyperliquid")
    single = client.get_candles("hyperliquid", btc, "4h", 10)
    assert len(single) <= 10 and all(c.symbol == btc and c.interval == "4h" for c in single)
    assert [c.open_time_ms for c in single] == sorted(c.open_time_ms for c in single)


# --- order-flow features (docs/features.md) ---------------------------------------------------------------------------

FEATURE_FIELDS = {f.name for f in dataclasses.fields(Features)}
COUNTERPART = {"hyperliquid": "binance", "binance": "hyperliquid"}


def _same(a: Features, b: Features) -> bool:
    """Field-for-field equality where NaN equals NaN (an undefined feature is undefined in both)."""
    def norm(value: Any) -> Any:
        if isinstance(value, float) and math.isnan(value):
            return "nan"
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v) for v in value]
        return value
    return bool(norm(dataclasses.asdict(a)) == norm(dataclasses.asdict(b)))


def test_features_stream_for_both_venues_with_sane_values_and_get_features_agrees(client: MarketDataClient) -> None:
    keys = [(v, _btc(client, v)) for v in ("hyperliquid", "binance")]
    for venue, symbol in keys:
        client.subscribe_features(venue, symbol)
        client.subscribe_orderbook(venue, symbol, depth=1)
    books: Dict[Tuple[str, str, int], Tuple[float, float]] = {}
    streamed: Dict[Tuple[str, str, int], Features] = {}
    checked_against_book = {k: 0 for k in keys}
    with_basis = {k: 0 for k in keys}
    deadline = time.monotonic() + 90
    while min(checked_against_book.values()) < 2 or min(with_basis.values()) < 2:
        assert time.monotonic() < deadline, f"features checked against a book {checked_against_book}, " \
                                            f"with a basis {with_basis}"
        msg = client.next_message(5.0)
        if msg is None:
            continue
        if msg["type"] == "orderbook_update" or msg["type"] == "orderbook_snapshot":
            ob = OrderbookSnapshot(**msg["data"])
            if ob.bids and ob.asks:
                books[(ob.venue, ob.symbol, ob.seq)] = (ob.bids[0][0], ob.asks[0][0])
            continue
        if msg["type"] != "features":
            continue
        assert set(msg["data"]) <= FEATURE_FIELDS, set(msg["data"]) - FEATURE_FIELDS
        f = typed(msg)
        assert isinstance(f, Features)
        key = (f.venue, f.symbol)
        streamed[(f.venue, f.symbol, f.seq)] = f
        assert f.epoch == client.server_info.epoch  # type: ignore[union-attr]
        assert f.counterpart is not None and f.counterpart.upper() == _btc(client, COUNTERPART[f.venue]).upper()
        assert [w.window_ms for w in f.windows] == [1000, 10000, 60000]
        assert [b.band_bps for b in f.bands] == [5.0, 10.0, 25.0, 50.0, 100.0]
        for w in f.windows:
            assert w.trade_count >= 0 and w.arrival_rate >= 0
            assert math.isnan(w.toxicity) == (w.trade_count == 0) or w.buy_notional + w.sell_notional == 0
            if not math.isnan(w.toxicity):
                assert 0.0 <= w.toxicity <= 1.0
        assert f.window(10000) is f.windows[1]
        if math.isnan(f.mid):
            # Features computed before the book synced (a trade came first): the book features are undefined.
            assert math.isnan(f.spread_bps) and math.isnan(f.basis_bps)
            continue
        assert f.mid > 0 and f.spread_bps >= 0 and -1 <= f.depth_imbalance <= 1
        book = books.get((f.venue, f.symbol, f.book_seq))
        if book is not None:
            # The features' mid is that of the book at book_seq.
            assert book[0] <= f.mid <= book[1]
            assert f.mid == pytest.approx((book[0] + book[1]) / 2, rel=1e-12)
            checked_against_book[key] += 1
        if math.isfinite(f.basis_bps):
            assert abs(f.basis_bps) < 500, f"{key}: the simulated venues quote BTC close together: {f.basis_bps}"
            assert f.counterpart_mid_age_ms >= 0
            with_basis[key] += 1

    for venue, symbol in keys:
        latest = client.get_features(venue, symbol)
        assert latest is not None
        # The reply is the latest; the stream may not have delivered it yet: read on until it does.
        read_until = time.monotonic() + 10
        while (venue, symbol, latest.seq) not in streamed and time.monotonic() < read_until:
            msg = client.next_message(1.0)
            if msg is not None and msg["type"] == "features":
                f = typed(msg)
                streamed[(f.venue, f.symbol, f.seq)] = f  # type: ignore[union-attr]
        assert _same(latest, streamed[(venue, symbol, latest.seq)])
        batch = client.get_features(venue, symbols=[symbol])
        assert list(batch) == [symbol] and batch[symbol] is not None and batch[symbol].seq >= latest.seq
    assert client.gaps_detected == 0


def test_get_features_of_an_unknown_symbol_is_a_clear_error(client: MarketDataClient) -> None:
    with pytest.raises(UnknownSymbolError, match="NOPEUSDT"):
        client.get_features("binance", "NOPEUSDT")
    assert client.ping() > 0


def test_async_client_features(daemon_socket: str) -> None:
    async def main() -> None:
        async with AsyncMarketDataClient(daemon_socket, client_name="pytest-aio", timeout_s=15.0) as c:
            symbol = _pick(await c.get_symbols("hyperliquid"), "BTC")
            await c.subscribe_features("hyperliquid", symbol)
            async for msg in c.stream():
                if msg["type"] == "features":
                    f = typed(msg)
                    assert isinstance(f, Features) and f.symbol == symbol and f.mid > 0
                    break
            every = await c.get_features("hyperliquid")
            assert symbol in every and isinstance(every[symbol], Features)

    asyncio.run(asyncio.wait_for(main(), 90))
