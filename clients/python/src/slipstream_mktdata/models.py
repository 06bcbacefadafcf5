"""The data classes of market data, one per message shape of the protocol (docs/protocol.md).

Each accepts the server's ``data`` map as keyword arguments (``OrderbookSnapshot(**msg["data"])``). Fields the
server adds in a later protocol version are ignored rather than rejected, because the protocol promises only
additions within a version and a strategy must not break when the daemon is upgraded.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, Callable, List, Mapping, Optional, Tuple, TypeVar, Union

Level = Tuple[float, float]
"""One book level: (price, size)."""

_T = TypeVar("_T")


def _ignore_unknown_fields(cls: type[_T]) -> type[_T]:
    """Wraps a dataclass's ``__init__`` so unknown keyword arguments are dropped instead of raising TypeError."""
    names = frozenset(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    generated: Callable[..., None] = cls.__init__  # type: ignore[misc]

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if not names.issuperset(kwargs):
            kwargs = {k: v for k, v in kwargs.items() if k in names}
        generated(self, *args, **kwargs)

    __init__.__doc__ = generated.__doc__
    __init__.__wrapped__ = generated  # type: ignore[attr-defined]  # keeps inspect.signature meaningful
    cls.__init__ = __init__  # type: ignore[method-assign]
    return cls


def _levels(raw: Any) -> List[Level]:
    return [(float(p), float(s)) for p, s in raw] if raw else []


def _mid(bid: Optional[float], ask: Optional[float]) -> Optional[float]:
    if bid is None or ask is None:
        return None
    return (bid + ask) / 2.0


def _spread_bps(bid: Optional[float], ask: Optional[float]) -> Optional[float]:
    mid = _mid(bid, ask)
    if mid is None or mid <= 0.0 or bid is None or ask is None:
        return None
    return (ask - bid) / mid * 10_000.0


@_ignore_unknown_fields
@dataclass(frozen=True)
class OrderbookSnapshot:
    """The best ``depth`` levels of a book (``orderbook_snapshot`` and ``orderbook_update``), best level first.

    ``mid_price``, ``spread_bps``, ``best_bid`` and ``best_ask`` are None when a side is empty.
    """

    venue: str
    symbol: str
    timestamp_us: int
    bids: List[Level]
    asks: List[Level]
    seq: int = 0
    epoch: int = 0
    exchange_ts_ns: int = 0
    receive_ts_ns: int = 0
    publish_ts_ns: int = 0
    depth: int = 0
    price_scale: int = 0
    size_scale: int = 0

    def __post_init__(self) -> None:
        # The wire carries [[price, size], ...]; tuples make the levels hashable and match the documented type.
        object.__setattr__(self, "bids", _levels(self.bids))
        object.__setattr__(self, "asks", _levels(self.asks))

    @property
    def best_bid(self) -> Optional[Level]:
        return self.bids[0] if self.bids else None

    @property
    def best_ask(self) -> Optional[Level]:
        return self.asks[0] if self.asks else None

    @property
    def mid_price(self) -> Optional[float]:
        return _mid(self.bids[0][0] if self.bids else None, self.asks[0][0] if self.asks else None)

    @property
    def spread_bps(self) -> Optional[float]:
        return _spread_bps(self.bids[0][0] if self.bids else None, self.asks[0][0] if self.asks else None)


@_ignore_unknown_fields
@dataclass(frozen=True)
class OrderbookDelta:
    """Changed levels of a book subscribed with ``mode="delta"``; size 0 removes the level."""

    venue: str
    symbol: str
    timestamp_us: int
    bid_changes: List[Level]
    ask_changes: List[Level]
    seq: int = 0
    epoch: int = 0
    exchange_ts_ns: int = 0
    receive_ts_ns: int = 0
    publish_ts_ns: int = 0
    depth: int = 0
    price_scale: int = 0
    size_scale: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "bid_changes", _levels(self.bid_changes))
        object.__setattr__(self, "ask_changes", _levels(self.ask_changes))


@_ignore_unknown_fields
@dataclass(frozen=True)
class Quote:
    """Best bid and offer; a price/size is None for an empty side."""

    venue: str
    symbol: str
    bid_price: Optional[float] = None
    bid_size: Optional[float] = None
    ask_price: Optional[float] = None
    ask_size: Optional[float] = None
    timestamp_us: int = 0
    seq: int = 0
    epoch: int = 0
    exchange_ts_ns: int = 0
    receive_ts_ns: int = 0
    publish_ts_ns: int = 0

    @property
    def mid_price(self) -> Optional[float]:
        return _mid(self.bid_price, self.ask_price)

    @property
    def spread_bps(self) -> Optional[float]:
        return _spread_bps(self.bid_price, self.ask_price)


@_ignore_unknown_fields
@dataclass(frozen=True)
class Trade:
    """One trade; ``side`` is the taker's: ``"buy"`` or ``"sell"``."""

    venue: str
    symbol: str
    price: float
    size: float
    side: str
    trade_id: Union[int, str, None] = None
    backfilled: bool = False
    timestamp_us: int = 0
    seq: int = 0
    epoch: int = 0
    exchange_ts_ns: int = 0
    receive_ts_ns: int = 0
    publish_ts_ns: int = 0


@_ignore_unknown_fields
@dataclass(frozen=True)
class Candle:
    """One OHLCV candle. ``timestamp`` is the open time in seconds, ``open_time_ms`` in milliseconds.

    Candles decoded from the columnar batch form carry only the columns (the per-message fields keep defaults).
    """

    venue: str
    symbol: str
    interval: str
    open_time_ms: int
    open: float
    high: float
    low: float
    close: float
    volume: float
    num_trades: int = 0
    closed: bool = False
    timestamp: int = 0
    source: str = ""
    timestamp_us: int = 0
    seq: int = 0
    epoch: int = 0
    exchange_ts_ns: int = 0
    receive_ts_ns: int = 0
    publish_ts_ns: int = 0

    def __post_init__(self) -> None:
        if not self.timestamp:
            object.__setattr__(self, "timestamp", self.open_time_ms // 1000)


@_ignore_unknown_fields
@dataclass(frozen=True)
class StreamStatus:
    """The state of one stream: an entry of ``get_status`` or a ``status`` stream message.

    ``origin`` is ``"server"`` for what the daemon sent and ``"client"`` for what this library made up (the
    ``ipc`` disconnected/resynced statuses and gaps it detected from ``seq``).
    """

    venue: str = ""
    symbol: str = ""
    stream: str = ""
    status: str = ""
    interval: Optional[str] = None
    detail: Optional[int] = None
    last_receive_ns: int = 0
    age_ms: Optional[int] = None
    message: str = ""
    origin: str = "server"
    timestamp_us: int = 0
    seq: int = 0
    epoch: int = 0
    exchange_ts_ns: int = 0
    receive_ts_ns: int = 0
    publish_ts_ns: int = 0


@_ignore_unknown_fields
@dataclass(frozen=True)
class Instrument:
    """An entry of ``get_symbols``."""

    venue: str
    symbol: str
    price_scale: int = 0
    size_scale: int = 0


NAN = math.nan


def _nan_for_nil(obj: Any, names: Tuple[str, ...]) -> None:
    """The protocol writes an undefined feature (NaN in the engine) as nil: back to NaN, so arithmetic just works."""
    for name in names:
        value = getattr(obj, name)
        object.__setattr__(obj, name, NAN if value is None else float(value))


_WINDOW_FLOATS = ("buy_volume", "sell_volume", "buy_notional", "sell_notional", "signed_notional", "toxicity",
                  "aggressor_imbalance", "arrival_rate", "vwap", "vwap_deviation_bps")


@_ignore_unknown_fields
@dataclass(frozen=True)
class FeatureWindow:
    """The trade flow of one window ending at the features' time (docs/features.md); NaN where undefined."""

    window_ms: int
    trade_count: int = 0
    buy_volume: float = NAN
    sell_volume: float = NAN
    buy_notional: float = NAN
    sell_notional: float = NAN
    signed_notional: float = NAN
    toxicity: float = NAN
    aggressor_imbalance: float = NAN
    arrival_rate: float = NAN
    vwap: float = NAN
    vwap_deviation_bps: float = NAN

    def __post_init__(self) -> None:
        _nan_for_nil(self, _WINDOW_FLOATS)


@_ignore_unknown_fields
@dataclass(frozen=True)
class DepthBand:
    """Book depth within ``band_bps`` of mid, per side, in base units."""

    band_bps: float
    bid_depth: float = NAN
    ask_depth: float = NAN

    def __post_init__(self) -> None:
        _nan_for_nil(self, ("band_bps", "bid_depth", "ask_depth"))


_FEATURE_FLOATS = ("mid", "spread_bps", "spread_velocity_bps_per_s", "imbalance_bps", "depth_imbalance",
                   "visible_depth_bps", "mid_age_ms", "basis_bps", "counterpart_mid_age_ms")


@_ignore_unknown_fields
@dataclass(frozen=True)
class Features:
    """One instrument's order-flow features as the engine computed them at ``receive_ts_ns`` (a ``features``
    message; docs/features.md defines each field). Undefined values are NaN; ``counterpart`` is the same asset's
    symbol on the other venue, or None."""

    venue: str
    symbol: str
    seq: int = 0
    epoch: int = 0
    exchange_ts_ns: int = 0
    receive_ts_ns: int = 0
    publish_ts_ns: int = 0
    timestamp_us: int = 0
    book_seq: int = 0
    trade_seq: int = 0
    mid: float = NAN
    spread_bps: float = NAN
    spread_velocity_bps_per_s: float = NAN
    imbalance_bps: float = NAN
    depth_imbalance: float = NAN
    visible_depth_bps: float = NAN
    mid_age_ms: float = NAN
    counterpart: Optional[str] = None
    counterpart_book_seq: int = 0
    basis_bps: float = NAN
    counterpart_mid_age_ms: float = NAN
    windows: List[FeatureWindow] = field(default_factory=list)
    bands: List[DepthBand] = field(default_factory=list)

    def __post_init__(self) -> None:
        _nan_for_nil(self, _FEATURE_FLOATS)
        object.__setattr__(self, "windows", [w if isinstance(w, FeatureWindow) else FeatureWindow(**w)
                                             for w in self.windows or []])
        object.__setattr__(self, "bands", [b if isinstance(b, DepthBand) else DepthBand(**b)
                                           for b in self.bands or []])

    def window(self, ms: int) -> Optional[FeatureWindow]:
        """The window of ``ms`` milliseconds, or None if the daemon computes no such window."""
        for w in self.windows:
            if w.window_ms == ms:
                return w
        return None


MarketData = Union[OrderbookSnapshot, OrderbookDelta, Quote, Trade, Candle, StreamStatus, Features]

TYPED: Mapping[str, Callable[..., MarketData]] = {
    "orderbook_snapshot": OrderbookSnapshot,
    "orderbook_update": OrderbookSnapshot,
    "orderbook_delta": OrderbookDelta,
    "quote": Quote,
    "trade": Trade,
    "candle": Candle,
    "status": StreamStatus,
    "features": Features,
}
"""Stream message ``type`` -> the data class its ``data`` map builds."""


def typed(msg: Mapping[str, Any]) -> Optional[MarketData]:
    """The data class instance of a stream message, or None for a type without one (heartbeat, unknown)."""
    cls = TYPED.get(msg.get("type", ""))
    data = msg.get("data")
    if cls is None or not isinstance(data, Mapping):
        return None
    return cls(**data)


__all__ = [
    "Level",
    "OrderbookSnapshot",
    "OrderbookDelta",
    "Quote",
    "Trade",
    "Candle",
    "StreamStatus",
    "Instrument",
    "Features",
    "FeatureWindow",
    "DepthBand",
    "MarketData",
    "typed",
]
