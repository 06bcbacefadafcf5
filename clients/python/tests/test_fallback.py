"""Unit tests of the direct-venue fallback: the weight budget on a fake clock, paging and 429 handling against a
small fake venue (Python's http.server), and the client's switching between daemon and fallback (fake daemon)."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from fakeserver import FakeServer
from slipstream_mktdata import ConnectionLostError, FallbackConfig, MarketDataClient, WeightBudget
from slipstream_mktdata import fallback as fb

HOUR = 3_600_000


# --- the weight budget --------------------------------------------------------------------------------------------

class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: List[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.slept.append(s)
        self.now += s


def test_budget_never_lets_more_than_the_limit_into_any_minute() -> None:
    clock = FakeClock()
    budget = WeightBudget(100, clock=clock, sleep=clock.sleep)
    spent: List[Tuple[float, float]] = []  # (time sent, weight)
    for _ in range(25):  # 25 x 20 weight = 5 minutes' budget
        entry, _ = budget.acquire(20)
        spent.append((clock.now, 20))
        clock.now += 0.5  # the answer takes half a second
        budget.complete(entry)
    for start, _ in spent:
        assert sum(w for t, w in spent if start <= t < start + 60) <= 100
    # Five requests go at once, the sixth waits for the first to leave the window (60 s after its answer).
    assert [t for t, _ in spent[:6]] == [1000.0, 1000.5, 1001.0, 1001.5, 1002.0, 1060.5]


def test_budget_requests_in_flight_never_expire_and_pauses_stop_everyone() -> None:
    clock = FakeClock()
    budget = WeightBudget(50, clock=clock, sleep=clock.sleep)
    first, _ = budget.acquire(50)  # never completed: still in flight
    clock.now += 600
    assert budget.used() == 50
    budget.complete(first)
    budget.pause(30)  # a Retry-After: nothing goes for 30 s even with the window empty
    clock.now += 61
    t0 = clock.now
    budget.pause(30)
    budget.acquire(1)
    assert clock.now - t0 == pytest.approx(30)


def test_budget_counts_what_the_venue_says_others_used() -> None:
    clock = FakeClock()
    budget = WeightBudget(100, clock=clock, sleep=clock.sleep)
    entry, _ = budget.acquire(10)
    budget.complete(entry)
    budget.observe_used(90)  # X-MBX-USED-WEIGHT-1M: someone else on this IP spent 80
    assert budget.used() == 90
    _, waited = budget.acquire(20)
    assert waited == pytest.approx(60)


def test_binance_klines_weights() -> None:
    assert [fb.binance_klines_weight(n) for n in (1, 99, 100, 499, 500, 1000, 1001, 1500)] == [1, 1, 2, 2, 5, 5, 10,
                                                                                                10]


# --- a fake venue -------------------------------------------------------------------------------------------------

class FakeVenue:
    """Hyperliquid ``/info`` (candleSnapshot pages capped at 500 rows, as the docs' generic rule allows) and Binance
    ``/fapi/v1`` (klines up to 1500; a scripted number of 429s with Retry-After first), one hourly candle per hour
    for the last 3000 hours."""

    def __init__(self) -> None:
        self.now_ms = int(time.time() * 1000)
        self.first_open = (self.now_ms // HOUR - 2999) * HOUR
        self.requests: List[Dict[str, Any]] = []
        self.refuse_429 = 0
        venue = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any, headers: Dict[str, str]) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                venue.requests.append({"venue": "hyperliquid", **body})
                if body["type"] == "meta":
                    self._send(200, {"universe": [{"name": "BTC", "szDecimals": 5},
                                                  {"name": "OLD", "szDecimals": 1, "isDelisted": True}]}, {})
                    return
                req = body["req"]
                start = max(venue.first_open, req["startTime"] // HOUR * HOUR)
                opens = list(range(start, min(req["endTime"], venue.now_ms) + 1, HOUR))[:500]
                self._send(200, [{"t": t, "T": t + HOUR - 1, "s": req["coin"], "i": "1h", "o": "1.5", "h": "2.0",
                                  "l": "1.0", "c": str(1.5 + t / HOUR % 7), "v": "10.25", "n": t // HOUR % 100}
                                 for t in opens], {})

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
                venue.requests.append({"venue": "binance", "path": url.path, **q})
                if venue.refuse_429 > 0:
                    venue.refuse_429 -= 1
                    self._send(429, {"code": -1003, "msg": "Too many requests"}, {"Retry-After": "1"})
                    return
                if q.get("symbol") == "NOPE":
                    self._send(400, {"code": -1121, "msg": "Invalid symbol."}, {})
                    return
                start = max(venue.first_open, -(-int(q["startTime"]) // HOUR) * HOUR)
                opens = list(range(start, venue.now_ms + 1, HOUR))[:int(q["limit"])]
                self._send(200, [[t, "1.5", "2.0", "1.0", "1.75", "3.5", t + HOUR - 1, "5.0", 7, "1", "1", "0"]
                                 for t in opens], {"X-MBX-USED-WEIGHT-1M": "1"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def venue() -> Iterator[FakeVenue]:
    v = FakeVenue()
    yield v
    v.stop()


def _config(venue: FakeVenue, **kw: Any) -> FallbackConfig:
    return FallbackConfig(enabled=True, hyperliquid_url=venue.url + "/info", binance_url=venue.url, **kw)


def test_hyperliquid_candles_page_by_start_time(venue: FakeVenue) -> None:
    f = fb.Fallback(_config(venue))
    candles = f.get_candles("hyperliquid", "BTC", "1h", 1200)
    assert len(candles) == 1200
    opens = [c.open_time_ms for c in candles]
    assert opens == list(range(opens[0], opens[0] + 1200 * HOUR, HOUR)) and opens[-1] == venue.now_ms // HOUR * HOUR
    assert candles[-1].closed is False and all(c.closed for c in candles[:-1])  # the newest bucket is open
    assert candles[0].volume == 10.25 and candles[0].num_trades == opens[0] // HOUR % 100
    pages = [r["req"] for r in venue.requests if r["type"] == "candleSnapshot"]
    assert len(pages) == 3  # 500 + 500 + 201 (one spare, trimmed)
    assert [p["startTime"] for p in pages[1:]] == [opens[0] - HOUR + 500 * HOUR, opens[0] - HOUR + 1000 * HOUR]
    # Every page's weight was counted before it went: 20 + 1 per 60 candles it could return.
    assert f.stats["hyperliquid"].weight == sum(20 + -(-min(5000, (p["endTime"] - p["startTime"]) // HOUR + 2) // 60)
                                                for p in pages)


def test_hyperliquid_symbols_skip_delisted_and_carry_the_tick_rule(venue: FakeVenue) -> None:
    f = fb.Fallback(_config(venue))
    assert [(i.symbol, i.price_scale, i.size_scale) for i in f.get_instruments("hyperliquid")] == [("BTC", 1, 5)]


def test_binance_klines_page_by_1500_and_wait_out_429(venue: FakeVenue) -> None:
    venue.refuse_429 = 1
    f = fb.Fallback(_config(venue))
    t0 = time.monotonic()
    candles = f.get_candles("binance", "btcusdt", "1h", 2000)
    assert time.monotonic() - t0 >= 1.0  # Retry-After: 1 was honoured
    assert len(candles) == 2000 and candles[0].symbol == "BTCUSDT"
    opens = [c.open_time_ms for c in candles]
    assert opens == list(range(opens[0], opens[0] + 2000 * HOUR, HOUR))
    klines = [r for r in venue.requests if r["path"] == "/fapi/v1/klines"]
    assert [int(r["limit"]) for r in klines] == [1500, 1500, 500]  # the refused one, then two pages
    assert int(klines[2]["startTime"]) == opens[1499] + 1  # next page: last open time + 1 ms
    stats = f.stats["binance"]
    assert stats.status_429 == 1 and stats.throttled_s >= 0.95 and stats.weight == 10 + 10 + 5  # refused one too


def test_binance_unknown_symbol(venue: FakeVenue) -> None:
    from slipstream_mktdata import UnknownSymbolError

    with pytest.raises(UnknownSymbolError):
        fb.Fallback(_config(venue)).get_candles("binance", "NOPE", "1h", 10)


# --- the client switching between daemon and fallback -------------------------------------------------------------

def test_fallback_is_off_by_default(sock_dir: str) -> None:
    with pytest.raises(ConnectionLostError):
        MarketDataClient(f"{sock_dir}/none.sock").get_candles("hyperliquid", "BTC", "1h", 10)


def test_no_daemon_then_daemon_appears_then_goes(sock_dir: str, venue: FakeVenue) -> None:
    path = f"{sock_dir}/d.sock"
    client = MarketDataClient(path, fallback=_config(venue, retry_daemon_s=0.2), timeout_s=2.0)
    client.connect()  # no daemon: no exception, the client starts in fallback
    assert client.in_fallback
    batch = client.get_candles_batch("hyperliquid", None, "1h", 10)
    assert client.last_source == "fallback" and batch.source == "fallback" and list(batch) == ["BTC"]
    assert len(batch["BTC"]) == 10 and batch.columns.total == 10

    fake = FakeServer(path)
    try:
        fake.handlers["get_candles"] = lambda c, r: c.reply(r, "candles", {
            "venue": "hyperliquid", "symbol": "BTC", "interval": "1h", "candles": []})
        assert client.get_candles("hyperliquid", "BTC", "1h", 10) and client.last_source == "fallback"  # too soon
        time.sleep(0.25)
        assert client.get_candles("hyperliquid", "BTC", "1h", 10) == []
        assert client.last_source == "daemon" and not client.in_fallback
    finally:
        fake.stop()
    t0 = time.monotonic()
    assert len(client.get_candles("hyperliquid", "BTC", "1h", 10)) == 10  # the daemon went away again
    assert client.last_source == "fallback" and time.monotonic() - t0 < 1.5  # one quick attempt, no backoff loop
    client.close()
    with pytest.raises(ConnectionLostError):
        client.get_candles("hyperliquid", "BTC", "1h", 10)


def test_a_hung_daemon_is_left_for_the_fallback(sock_dir: str, venue: FakeVenue) -> None:
    fake = FakeServer(f"{sock_dir}/d.sock")
    try:
        fake.handlers["get_symbols"] = lambda c, r: None  # never answers
        with MarketDataClient(fake.path, fallback=_config(venue), timeout_s=0.5) as client:
            assert client.get_symbols("hyperliquid") == ["BTC"]
            assert client.last_source == "fallback"
    finally:
        fake.stop()


def test_socket_path_from_the_daemons_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLIPSTREAM_MKTDATA_DAEMON_SOCKET_PATH", "/tmp/elsewhere.sock")
    assert MarketDataClient().socket_path == "/tmp/elsewhere.sock"
    monkeypatch.delenv("SLIPSTREAM_MKTDATA_DAEMON_SOCKET_PATH")
    assert MarketDataClient().socket_path == "/var/run/slipstream/mktdata.sock"
