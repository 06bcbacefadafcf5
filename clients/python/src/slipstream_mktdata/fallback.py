"""Direct-venue fallback: symbols and candles from the venues' REST APIs when the daemon is not there.

Used by :class:`~slipstream_mktdata.MarketDataClient` when it was given ``fallback=FallbackConfig(enabled=True)``
and the daemon's socket is missing or the daemon stops answering. Only the standard library is used (``urllib`` and
``json``), so the client keeps ``msgpack`` as its only runtime dependency.

What it asks the venues (facts in ``../shared/docs/venues.md``):

- Hyperliquid ``POST /info``: ``meta`` (weight 20) for symbols, ``candleSnapshot`` (weight 20 + 1 per 60 candles)
  for candles, paged by ``startTime`` from the last candle's open time (at most 5000 candles exist per coin and
  interval; the API may return fewer per call). Budget 1200 weight per sliding minute per IP; 429 when over.
- Binance USD-M ``GET /fapi/v1/exchangeInfo`` (weight 1) for symbols, ``/fapi/v1/klines`` (limit <= 1500, weight
  1/2/5/10 by limit) for candles, paged by ``startTime`` = last open time + 1 ms. Budget 2400 weight per minute per
  IP; 429 and then 418 (banned) both carry ``Retry-After``.

Every request first takes its weight from a :class:`WeightBudget` shared by all clients of the process for that
venue and base URL, so a batch over hundreds of symbols waits for budget instead of earning 429s.
"""

from __future__ import annotations

import collections
import json
import logging
import math
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, Deque, Dict, List, Mapping, Optional, Sequence, Tuple

from .candles import CandleBatch
from .errors import MarketDataError, ServerError, UnknownSymbolError
from .models import Candle, Instrument

log = logging.getLogger("slipstream_mktdata.fallback")

VENUES = ("hyperliquid", "binance")

# Fixed-length intervals in ms. 1M is not fixed: 31 days is an upper bound, used only to size the time window
# (the result is trimmed to ``count`` candles anyway).
INTERVAL_MS: Dict[str, int] = {
    "1m": 60_000, "3m": 180_000, "5m": 300_000, "15m": 900_000, "30m": 1_800_000,
    "1h": 3_600_000, "2h": 7_200_000, "4h": 14_400_000, "6h": 21_600_000, "8h": 28_800_000,
    "12h": 43_200_000, "1d": 86_400_000, "3d": 259_200_000, "1w": 604_800_000, "1M": 2_678_400_000,
}
HYPERLIQUID_INTERVALS = frozenset(INTERVAL_MS) - {"6h"}  # Hyperliquid has no 6h candles
HYPERLIQUID_MAX_CANDLES = 5000  # only the newest 5000 buckets of a coin and interval exist
HYPERLIQUID_CANDLES_PER_EXTRA_WEIGHT = 60
BINANCE_MAX_KLINES = 1500
SYMBOLS_CACHE_S = 300.0  # symbol lists change rarely; meta costs 20 weight on Hyperliquid


@dataclass(frozen=True)
class FallbackConfig:
    """How the client reaches the venues when the daemon is unavailable. Off unless ``enabled``.

    The weight budgets default to 90% of the venues' per-IP limits (1200 and 2400 a minute) to leave room for
    whatever else shares the IP. ``retry_daemon_s``: while in fallback, a fallback-capable call first tries the
    daemon again if this long has passed since the last try (one connection attempt of at most
    ``daemon_probe_timeout_s``). A ``Retry-After`` longer than ``max_retry_after_s`` (a long 418 ban) raises
    :class:`VenueRateLimitedError` instead of sleeping through it.
    """

    enabled: bool = False
    hyperliquid_url: str = "https://api.hyperliquid.xyz/info"
    binance_url: str = "https://fapi.binance.com"
    hyperliquid_weight_per_minute: int = 1080
    binance_weight_per_minute: int = 2160
    retry_daemon_s: float = 5.0
    daemon_probe_timeout_s: float = 1.0
    http_timeout_s: float = 20.0
    max_retry_after_s: float = 120.0


class VenueError(MarketDataError):
    """A venue's REST API failed (unreachable, or an unexpected HTTP status)."""

    def __init__(self, venue: str, message: str, status: Optional[int] = None) -> None:
        super().__init__(f"{venue}: {message}")
        self.venue = venue
        self.status = status


class VenueRateLimitedError(VenueError):
    """The venue asked for a wait longer than ``FallbackConfig.max_retry_after_s`` (e.g. a 418 ban)."""


# --- the weight budget --------------------------------------------------------------------------------------------

class WeightBudget:
    """Request weight per sliding window (a minute), shared by the threads and clients of one process.

    A request takes its weight before it is sent; its entry is stamped with the time the answer came back, and
    leaves the window ``window_s`` after that. Stamping at completion rather than at sending is what keeps us under
    the venue's count even though the venue stamps the request somewhere in between. A plain token bucket would not
    do: refilled continuously, it lets through a full bucket plus a minute of refill inside one minute, twice the
    venue's budget. Requests in flight never leave the window. The same sliding count also keeps us under
    Binance's fixed wall-clock minutes, which are windows of the same length.
    """

    def __init__(self, limit: int, window_s: float = 60.0, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if limit <= 0:
            raise ValueError("limit must be positive")
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._entries: Deque[List[float]] = collections.deque()  # [done time (inf while in flight), weight]
        self._paused_until = 0.0

    def _expire(self, now: float) -> None:
        if any(e[0] + self.window_s <= now for e in self._entries):
            self._entries = collections.deque(e for e in self._entries if e[0] + self.window_s > now)

    def used(self) -> float:
        """Weight inside the current window (in flight included)."""
        with self._lock:
            self._expire(self._clock())
            return sum(e[1] for e in self._entries)

    def acquire(self, weight: float) -> Tuple[List[float], float]:
        """Waits until ``weight`` fits in the window and no pause is on; returns (the entry to pass to
        :meth:`complete`, the seconds waited). A request heavier than the whole budget waits for an empty window."""
        weight = min(float(weight), float(self.limit))
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                self._expire(now)
                if now < self._paused_until:
                    wait = self._paused_until - now
                else:
                    used = sum(e[1] for e in self._entries)
                    if used + weight <= self.limit:
                        entry = [math.inf, weight]
                        self._entries.append(entry)
                        return entry, waited
                    wait = self._wait_for(used + weight - self.limit, now)
            self._sleep(wait)
            waited += wait

    def _wait_for(self, need: float, now: float) -> float:
        """Seconds until ``need`` weight of completed entries has left the window (a short poll when only requests
        still in flight could free it)."""
        freed = 0.0
        for done, weight in sorted(self._entries):
            if done == math.inf:
                break
            freed += weight
            if freed >= need:
                return max(done + self.window_s - now, 0.001)
        return 0.05

    def complete(self, entry: List[float]) -> None:
        """The request's answer arrived (or it failed): its weight now ages out of the window."""
        with self._lock:
            entry[0] = self._clock()

    def charge(self, weight: float) -> None:
        """Counts weight learnt after the fact (more items than estimated, or others' use of the IP)."""
        if weight > 0:
            with self._lock:
                self._entries.append([self._clock(), float(weight)])

    def observe_used(self, venue_used: float) -> None:
        """Binance's ``X-MBX-USED-WEIGHT-1M``: if the venue counts more than we spent (another program on this IP),
        count the difference as spent now so that we slow down for it too."""
        with self._lock:
            self._expire(self._clock())
            ours = sum(e[1] for e in self._entries)
            if venue_used > ours:
                self._entries.append([self._clock(), float(venue_used - ours)])

    def pause(self, seconds: float) -> None:
        """Nothing is sent for ``seconds`` (a 429/418 Retry-After): every user of the budget waits."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)


_BUDGETS: Dict[Tuple[str, str], WeightBudget] = {}
_BUDGETS_LOCK = threading.Lock()


def shared_budget(venue: str, url: str, limit: int) -> WeightBudget:
    """The process-wide budget of a venue at a base URL (the venue counts per IP, so clients must share one).
    The smallest limit asked for wins."""
    with _BUDGETS_LOCK:
        budget = _BUDGETS.get((venue, url))
        if budget is None:
            budget = _BUDGETS[(venue, url)] = WeightBudget(limit)
        elif limit < budget.limit:
            budget.limit = limit
        return budget


# --- HTTP ---------------------------------------------------------------------------------------------------------

@dataclass
class VenueStats:
    """What one client's fallback did on one venue. ``log`` holds (sent, answered, weight, HTTP status) per request
    (monotonic seconds; the newest 10,000), so a test can recount the weight in any minute."""

    requests: int = 0
    weight: float = 0.0
    throttled_s: float = 0.0  # time spent waiting for budget or a Retry-After
    status_429: int = 0
    status_418: int = 0
    log: Deque[Tuple[float, float, float, int]] = field(default_factory=lambda: collections.deque(maxlen=10_000),
                                                        repr=False)


@dataclass
class _Response:
    status: int
    headers: Mapping[str, str]
    body: Any


def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback never goes through a proxy
_DEFAULT = urllib.request.build_opener()


def _http(method: str, url: str, body: Optional[Any], timeout_s: float) -> _Response:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json", "Accept": "application/json",
                                          "User-Agent": "slipstream-mktdata-python-fallback"})
    opener = _DIRECT if _is_loopback(url) else _DEFAULT
    try:
        with opener.open(req, timeout=timeout_s) as resp:
            raw = resp.read()
            status, headers = resp.status, resp.headers
    except urllib.error.HTTPError as e:
        raw = e.read() or b""
        status, headers = e.code, e.headers
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return _Response(status, {k.lower(): v for k, v in (headers or {}).items()}, parsed)


class _VenueRest:
    """One venue's REST API behind its weight budget, with the 429/418 and 5xx handling."""

    name = ""

    def __init__(self, url: str, limit: int, config: FallbackConfig) -> None:
        self.url = url.rstrip("/")
        self.config = config
        self.budget = shared_budget(self.name, self.url, limit)
        self.stats = VenueStats()
        self._symbols: Optional[Tuple[float, List[Instrument]]] = None

    def _send(self, method: str, url: str, body: Optional[Any], weight: float) -> _Response:
        server_errors = 0
        backoff_s = 2.0  # for a 429 without Retry-After (Hyperliquid sends none)
        while True:
            entry, waited = self.budget.acquire(weight)
            self.stats.throttled_s += waited
            sent = time.monotonic()
            try:
                resp = _http(method, url, body, self.config.http_timeout_s)
            except (OSError, ValueError) as e:  # URLError, refused, timeout, reset
                raise VenueError(self.name, f"{method} {url} failed: {e}") from e
            finally:
                self.budget.complete(entry)
            self.stats.requests += 1
            self.stats.weight += weight
            self.stats.log.append((sent, time.monotonic(), weight, resp.status))
            self._after_response(resp)
            if resp.status in (429, 418):
                if resp.status == 429:
                    self.stats.status_429 += 1
                else:
                    self.stats.status_418 += 1
                retry_after = _retry_after(resp.headers)
                wait = retry_after if retry_after is not None else backoff_s
                backoff_s = min(backoff_s * 2, 60.0)
                if wait > self.config.max_retry_after_s:
                    raise VenueRateLimitedError(self.name, f"HTTP {resp.status}, Retry-After {wait:.0f} s",
                                                resp.status)
                log.warning("%s answered %s: pausing its REST for %.1f s", self.name, resp.status, wait)
                # Stop all REST to this venue (every thread and client sharing the budget), never hammer.
                self.budget.pause(wait)
                continue
            if resp.status >= 500 and server_errors < 3:
                server_errors += 1
                time.sleep(0.5 * 2 ** server_errors)
                continue
            return resp

    def _after_response(self, resp: _Response) -> None:
        pass

    def cached_instruments(self) -> List[Instrument]:
        now = time.monotonic()
        if self._symbols is None or now - self._symbols[0] > SYMBOLS_CACHE_S:
            self._symbols = (now, self.fetch_instruments())
        return self._symbols[1]

    def fetch_instruments(self) -> List[Instrument]:
        raise NotImplementedError

    def candles(self, symbol: str, interval: str, count: int) -> List[Candle]:
        raise NotImplementedError

    def _unknown_symbol(self, symbol: str) -> UnknownSymbolError:
        return UnknownSymbolError("unknown_symbol", f"{self.name} has no symbol {symbol!r}")


def _retry_after(headers: Mapping[str, str]) -> Optional[float]:
    value = headers.get("retry-after")
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _decimals(step: str) -> int:
    """Decimal places of a tick/step string: "0.001" -> 3, "1" -> 0, "1.0" -> 0."""
    if "." not in step:
        return 0
    return len(step.split(".", 1)[1].rstrip("0"))


def _interval_ms(interval: str, allowed: Sequence[str]) -> int:
    if interval not in allowed:
        raise ServerError("bad_request", f"interval {interval!r} is not offered (one of {sorted(allowed)})")
    return INTERVAL_MS[interval]


def _candle(venue: str, symbol: str, interval: str, open_ms: int, o: Any, h: Any, lo: Any, c: Any, v: Any,
            trades: Any, close_ms: int, now_ms: int) -> Candle:
    # exchange_ts_ns/timestamp_us follow the daemon (the candle's open time); seq and epoch are daemon notions and
    # stay 0. A candle is closed once its close time (last ms of the bucket) has passed.
    return Candle(venue=venue, symbol=symbol, interval=interval, open_time_ms=open_ms, open=float(o), high=float(h),
                  low=float(lo), close=float(c), volume=float(v), num_trades=int(trades), closed=close_ms < now_ms,
                  source="fallback", timestamp_us=open_ms * 1000, exchange_ts_ns=open_ms * 1_000_000,
                  receive_ts_ns=time.time_ns())


class _Hyperliquid(_VenueRest):
    name = "hyperliquid"

    def _info(self, body: Dict[str, Any], weight: float) -> Any:
        resp = self._send("POST", self.url, body, weight)
        if resp.status != 200:
            raise VenueError(self.name, f"{body.get('type')}: HTTP {resp.status}: {resp.body!r:.200}", resp.status)
        return resp.body

    def fetch_instruments(self) -> List[Instrument]:
        meta = self._info({"type": "meta"}, 20)
        out = []
        for asset in meta.get("universe", []):
            if asset.get("isDelisted"):
                continue  # listed for its asset id only: no market
            sz = int(asset.get("szDecimals", 0))
            # Perp prices carry at most 6 - szDecimals decimals (Hyperliquid's tick rule), as the daemon reports.
            out.append(Instrument(self.name, str(asset["name"]), max(6 - sz, 0), sz))
        return out

    def candles(self, symbol: str, interval: str, count: int) -> List[Candle]:
        iv = _interval_ms(interval, HYPERLIQUID_INTERVALS)
        end = _now_ms()
        cursor = end - count * iv  # the bucket containing it comes too: one spare, trimmed below
        rows: Dict[int, Mapping[str, Any]] = {}
        while True:
            expected = min(HYPERLIQUID_MAX_CANDLES, (end - cursor) // iv + 2)
            weight = 20 + math.ceil(expected / HYPERLIQUID_CANDLES_PER_EXTRA_WEIGHT)  # an upper bound
            page = self._info({"type": "candleSnapshot", "req": {"coin": symbol, "interval": interval,
                                                                 "startTime": cursor, "endTime": end}}, weight)
            if not isinstance(page, list):
                raise VenueError(self.name, f"candleSnapshot returned {type(page).__name__}")
            fresh = [r for r in page if int(r["t"]) not in rows]
            for r in page:
                rows[int(r["t"])] = r
            if not fresh:
                break
            last_close = max(int(r["T"]) for r in fresh)
            if last_close >= end:
                break  # the bucket containing `end` arrived: nothing newer exists
            # The API may cap a page (500 rows per time-ranged answer in the docs, 5000 candles in all): go on
            # from the bucket after the last one (its close time + 1 ms, exact for every interval, 1M included).
            # Sparse history (no-trade buckets are left out) ends in a page with nothing new.
            cursor = last_close + 1
        if not rows and symbol not in {i.symbol for i in self.cached_instruments()}:
            raise self._unknown_symbol(symbol)
        now = _now_ms()
        picked = [rows[t] for t in sorted(rows)][-count:] if count > 0 else []
        return [_candle(self.name, symbol, interval, int(r["t"]), r["o"], r["h"], r["l"], r["c"], r["v"],
                        r.get("n", 0), int(r["T"]), now) for r in picked]


def binance_klines_weight(limit: int) -> int:
    """``/fapi/v1/klines`` weight by ``limit``: 1 (<100), 2 (<500), 5 (<=1000), 10 (>1000)."""
    return 1 if limit < 100 else 2 if limit < 500 else 5 if limit <= 1000 else 10


class _Binance(_VenueRest):
    name = "binance"

    def _after_response(self, resp: _Response) -> None:
        used = resp.headers.get("x-mbx-used-weight-1m")
        if used is not None and used.isdigit():
            self.budget.observe_used(int(used))

    def _get(self, path: str, params: Dict[str, Any], weight: float) -> Any:
        query = urllib.parse.urlencode(params)
        resp = self._send("GET", f"{self.url}{path}{'?' + query if query else ''}", None, weight)
        if resp.status == 400 and isinstance(resp.body, Mapping) and resp.body.get("code") == -1121:
            raise self._unknown_symbol(str(params.get("symbol")))
        if resp.status != 200:
            raise VenueError(self.name, f"{path}: HTTP {resp.status}: {resp.body!r:.200}", resp.status)
        return resp.body

    def fetch_instruments(self) -> List[Instrument]:
        info = self._get("/fapi/v1/exchangeInfo", {}, 1)
        # The venue's own budget, if smaller than ours, wins (keeping our 10% margin).
        for rl in info.get("rateLimits", []):
            if rl.get("rateLimitType") == "REQUEST_WEIGHT" and rl.get("interval") == "MINUTE" \
                    and rl.get("intervalNum") == 1 and int(rl.get("limit", 0)) > 0:
                self.budget.limit = min(self.budget.limit, int(int(rl["limit"]) * 0.9))
        out = []
        for s in info.get("symbols", []):
            if s.get("contractType") != "PERPETUAL" or s.get("status") != "TRADING":
                continue
            filters = {f.get("filterType"): f for f in s.get("filters", [])}
            tick = str(filters.get("PRICE_FILTER", {}).get("tickSize", "1"))
            step = str(filters.get("LOT_SIZE", {}).get("stepSize", "1"))
            out.append(Instrument(self.name, str(s["symbol"]), _decimals(tick), _decimals(step)))
        return out

    def candles(self, symbol: str, interval: str, count: int) -> List[Candle]:
        iv = _interval_ms(interval, INTERVAL_MS)
        symbol = symbol.upper()  # REST symbols are upper case
        # Klines open at or after startTime: starting `count` intervals back gives exactly `count` buckets (for 1M,
        # whose 31 days are an upper bound, a few more: trimmed below).
        cursor = _now_ms() - count * iv
        rows: Dict[int, Sequence[Any]] = {}
        while True:
            # Once `count` are in but the newest is not (a bucket opened meanwhile, or 1M), a small page (weight 1)
            # reaches it.
            limit = min(BINANCE_MAX_KLINES, max(count - len(rows), 10))
            page = self._get("/fapi/v1/klines", {"symbol": symbol, "interval": interval, "startTime": cursor,
                                                 "limit": limit}, binance_klines_weight(limit))
            for r in page:
                rows[int(r[0])] = r
            if len(page) < limit or int(page[-1][6]) >= _now_ms():
                break  # no more history, or the newest kline (still open) is in
            cursor = int(page[-1][0]) + 1
        now = _now_ms()
        picked = [rows[t] for t in sorted(rows)][-count:] if count > 0 else []
        return [_candle(self.name, symbol, interval, int(r[0]), r[1], r[2], r[3], r[4], r[5], r[8], int(r[6]), now)
                for r in picked]


class Fallback:
    """The REST side of a client: the same answers as the daemon's get_symbols/get_candles/get_candles_batch."""

    def __init__(self, config: FallbackConfig) -> None:
        self.config = config
        self.venues: Dict[str, _VenueRest] = {
            "hyperliquid": _Hyperliquid(config.hyperliquid_url, config.hyperliquid_weight_per_minute, config),
            "binance": _Binance(config.binance_url, config.binance_weight_per_minute, config),
        }

    @property
    def stats(self) -> Dict[str, VenueStats]:
        return {name: v.stats for name, v in self.venues.items()}

    def _venue(self, venue: str) -> _VenueRest:
        try:
            return self.venues[venue]
        except KeyError:
            raise ServerError("bad_request", f"unknown venue {venue!r} (one of {', '.join(VENUES)})") from None

    def get_instruments(self, venue: Optional[str] = None) -> List[Instrument]:
        names = [venue] if venue is not None else list(VENUES)
        return [i for name in names for i in self._venue(name).cached_instruments()]

    def get_candles(self, venue: str, symbol: str, interval: str, count: int) -> List[Candle]:
        return self._venue(venue).candles(symbol, interval, count)

    def get_candles_batch(self, venue: str, symbols: Optional[Sequence[str]], interval: str,
                          count: int) -> CandleBatch:
        rest = self._venue(venue)
        names = list(symbols) if symbols is not None else [i.symbol for i in rest.cached_instruments()]
        rows: Dict[str, List[Candle]] = {}
        for s in names:  # one at a time: the budget, not parallelism, sets the pace
            candles = rest.candles(s, interval, count)
            rows[candles[0].symbol if candles else s] = candles
        return CandleBatch(venue, interval, rows=rows, source="fallback")
