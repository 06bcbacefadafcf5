"""Decoding of ``candles_batch`` replies, in both the ``rows`` and the ``columns`` form.

The columnar form carries each field as one packed little-endian array for all symbols; decoding it is a handful of
``numpy.frombuffer`` calls (or ``array.array`` without numpy), which is what makes a 200 x 1100 panel cheap.
:class:`CandleBatch` keeps those arrays and only builds :class:`Candle` objects for the symbols actually read.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence

from .errors import ProtocolError
from .models import Candle

try:  # numpy is optional: the ``pandas`` extra brings it
    import numpy as np
except ImportError:  # pragma: no cover - exercised only without numpy
    np = None  # type: ignore[assignment]

# column name -> (numpy dtype, array typecode). The wire is little-endian whatever the host is.
_COLUMNS: Dict[str, tuple[str, str]] = {
    "open_time_ms": ("<i8", "q"),
    "open": ("<f8", "d"),
    "high": ("<f8", "d"),
    "low": ("<f8", "d"),
    "close": ("<f8", "d"),
    "volume": ("<f8", "d"),
    "trades": ("<i8", "q"),
    "closed": ("u1", "B"),
}
COLUMN_NAMES = tuple(_COLUMNS)


def _unpack(name: str, raw: Any, expected: int) -> Any:
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise ProtocolError(f"candles_batch column {name!r} is not bin")
    dtype, code = _COLUMNS[name]
    if np is not None:
        values = np.frombuffer(raw, dtype=dtype)
    else:
        values = array(code)
        values.frombytes(bytes(raw))
        if sys.byteorder == "big" and values.itemsize > 1:
            values.byteswap()
    if len(values) != expected:
        raise ProtocolError(f"candles_batch column {name!r} has {len(values)} values, counts say {expected}")
    return values


@dataclass(frozen=True)
class CandleColumns:
    """The columnar candles of a batch: every array holds all symbols' candles, ``symbols`` order, oldest first.

    Arrays are ``numpy.ndarray`` when numpy is installed (read-only views on the reply's bytes), else
    ``array.array``. Symbol ``symbols[i]`` owns rows ``offsets[i]:offsets[i + 1]``.
    """

    venue: str
    interval: str
    symbols: List[str]
    counts: List[int]
    offsets: List[int]
    open_time_ms: Any
    open: Any
    high: Any
    low: Any
    close: Any
    volume: Any
    trades: Any
    closed: Any

    @property
    def total(self) -> int:
        return self.offsets[-1]

    @staticmethod
    def from_reply(data: Mapping[str, Any]) -> "CandleColumns":
        symbols = [str(s) for s in data.get("symbols") or []]
        counts = [int(c) for c in data.get("counts") or []]
        if len(symbols) != len(counts):
            raise ProtocolError("candles_batch: symbols and counts differ in length")
        offsets = [0]
        for c in counts:
            offsets.append(offsets[-1] + c)
        columns = {name: _unpack(name, data.get(name, b""), offsets[-1]) for name in COLUMN_NAMES}
        return CandleColumns(str(data.get("venue", "")), str(data.get("interval", "")), symbols, counts, offsets,
                             **columns)

    @staticmethod
    def from_candles(venue: str, interval: str, by_symbol: Mapping[str, Sequence[Candle]]) -> "CandleColumns":
        """Packs per-symbol candle lists into columns (the slow path, for batches fetched as rows)."""
        symbols = list(by_symbol)
        counts = [len(by_symbol[s]) for s in symbols]
        offsets = [0]
        for c in counts:
            offsets.append(offsets[-1] + c)
        flat = [c for s in symbols for c in by_symbol[s]]
        getters = {
            "open_time_ms": lambda c: c.open_time_ms, "open": lambda c: c.open, "high": lambda c: c.high,
            "low": lambda c: c.low, "close": lambda c: c.close, "volume": lambda c: c.volume,
            "trades": lambda c: c.num_trades, "closed": lambda c: 1 if c.closed else 0,
        }
        columns: Dict[str, Any] = {}
        for name, get in getters.items():
            dtype, code = _COLUMNS[name]
            values = [get(c) for c in flat]
            columns[name] = np.array(values, dtype=dtype) if np is not None else array(code, values)
        return CandleColumns(venue, interval, symbols, counts, offsets, **columns)


class CandleBatch(Mapping[str, List[Candle]]):
    """A ``get_candles_batch`` result: a read-only mapping symbol -> candles (oldest first).

    Built from columns, it creates the :class:`Candle` objects of a symbol on first access only; ``columns`` gives
    the packed arrays for vectorised work (:func:`slipstream_mktdata.panel.candles_to_panel` uses them).
    ``dict(batch)`` makes a plain dict. ``source`` says who served it: ``"daemon"``, or ``"fallback"`` when the
    client fetched it from the venues' REST APIs (see :class:`slipstream_mktdata.FallbackConfig`).
    """

    def __init__(self, venue: str, interval: str, *, columns: Optional[CandleColumns] = None,
                 rows: Optional[Dict[str, List[Candle]]] = None, source: str = "daemon") -> None:
        self.venue = venue
        self.interval = interval
        self.source = source
        self._columns = columns
        self._rows: Dict[str, List[Candle]] = dict(rows) if rows is not None else {}
        self._index: Dict[str, int] = {s: i for i, s in enumerate(columns.symbols)} if columns else {}
        self._lists: Optional[Dict[str, List[Any]]] = None  # columns as Python lists, made on first row access

    @property
    def columns(self) -> CandleColumns:
        """The columnar arrays (packed from the rows on first use if the batch came as rows)."""
        if self._columns is None:
            self._columns = CandleColumns.from_candles(self.venue, self.interval, self._rows)
            self._index = {s: i for i, s in enumerate(self._columns.symbols)}
        return self._columns

    def __getitem__(self, symbol: str) -> List[Candle]:
        cached = self._rows.get(symbol)
        if cached is not None:
            return cached
        if self._columns is None or symbol not in self._index:
            raise KeyError(symbol)
        cols = self._columns
        if self._lists is None:
            # One tolist() per column is far cheaper than indexing numpy scalars element by element.
            self._lists = {name: list(getattr(cols, name).tolist()) for name in COLUMN_NAMES}
        i = self._index[symbol]
        lo, hi = cols.offsets[i], cols.offsets[i + 1]
        c = self._lists
        candles = [
            Candle(cols.venue, symbol, cols.interval, c["open_time_ms"][k], c["open"][k], c["high"][k], c["low"][k],
                   c["close"][k], c["volume"][k], c["trades"][k], bool(c["closed"][k]))
            for k in range(lo, hi)
        ]
        self._rows[symbol] = candles
        return candles

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns.symbols if self._columns is not None else self._rows)

    def __len__(self) -> int:
        return len(self._columns.symbols) if self._columns is not None else len(self._rows)

    def __contains__(self, symbol: object) -> bool:
        return symbol in self._index if self._columns is not None else symbol in self._rows

    def __repr__(self) -> str:
        return (f"CandleBatch(venue={self.venue!r}, interval={self.interval!r}, symbols={len(self)}, "
                f"source={self.source!r})")


def candle_from_data(data: Mapping[str, Any], venue: str = "", symbol: str = "", interval: str = "") -> Candle:
    """A :class:`Candle` from a candle data map, filling venue/symbol/interval from the enclosing reply."""
    merged = {"venue": venue, "symbol": symbol, "interval": interval, **data}
    return Candle(**merged)


def batch_from_rows(data: Mapping[str, Any]) -> CandleBatch:
    venue = str(data.get("venue", ""))
    interval = str(data.get("interval", ""))
    raw = data.get("candles") or {}
    rows = {str(sym): [candle_from_data(c, venue, str(sym), interval) for c in candles]
            for sym, candles in raw.items()}
    return CandleBatch(venue, interval, rows=rows)


def batch_from_columns(data: Mapping[str, Any]) -> CandleBatch:
    columns = CandleColumns.from_reply(data)
    return CandleBatch(columns.venue, columns.interval, columns=columns)
