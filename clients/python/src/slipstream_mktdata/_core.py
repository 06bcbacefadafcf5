"""What the blocking and the asyncio client share, with no I/O: request building, reply checking and decoding,
the subscription registry, the reconnect backoff and the per-stream ``seq`` tracking."""

from __future__ import annotations

import itertools
import os
import random
import time
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .candles import CandleBatch, batch_from_columns, batch_from_rows, candle_from_data
from .errors import ProtocolError, ServerError, server_error
from .models import Candle, Features, Instrument, OrderbookSnapshot, Quote, StreamStatus, Trade

DEFAULT_SOCKET_PATH = "/var/run/slipstream/mktdata.sock"
# The daemon's own override of daemon.socket_path (docs/configuration.md): reading the same variable lets a strategy
# and the daemon it talks to be pointed elsewhere together, without code changes.
SOCKET_PATH_ENV = "SLIPSTREAM_MKTDATA_DAEMON_SOCKET_PATH"


def default_socket_path() -> str:
    """$SLIPSTREAM_MKTDATA_DAEMON_SOCKET_PATH if set, else /var/run/slipstream/mktdata.sock."""
    return os.environ.get(SOCKET_PATH_ENV) or DEFAULT_SOCKET_PATH
PROTOCOL_VERSION = 1
# The streaming unpacker's buffer bound. Rows-form batches of 200 x 1100 candles are tens of MB; the columnar form
# is ~13 MB. msgpack's default (100 MiB) would do, but a bound stated here is one less surprise.
MAX_BUFFER_BYTES = 512 * 1024 * 1024

# Stream message type -> the protocol's stream name, for the streams whose seq jumps are reported as gaps: the
# lossless ones, whose seq must grow by exactly one per event, and features, which conflate for a slow client (each
# is a complete state) yet form a time series in which a skipped point is worth knowing about.
LOSSLESS_STREAMS = {"trade": "trades", "candle": "candles", "orderbook_delta": "book", "features": "features"}

# A key of seq tracking: (venue, symbol, stream, interval or None).
SeqKey = Tuple[str, str, str, Optional[str]]


@dataclass(frozen=True)
class ServerInfo:
    """The ``hello`` reply's data."""

    protocol: int
    server: str
    epoch: int
    max_message_bytes: int
    heartbeat_ms: int


class Backoff:
    """Exponential reconnect delays: 0.1 s doubling up to 5 s, each scaled by a random factor in [0.5, 1] so that
    many strategies dropped by one daemon restart do not all reconnect in the same instant."""

    def __init__(self, initial_s: float = 0.1, maximum_s: float = 5.0) -> None:
        self._initial = initial_s
        self._maximum = maximum_s
        self._next = initial_s

    def next_delay(self) -> float:
        delay = self._next
        self._next = min(self._next * 2.0, self._maximum)
        return delay * random.uniform(0.5, 1.0)


@dataclass
class Subscription:
    """A subscription as this client knows it. ``handle`` is what the caller holds and stays the same across
    reconnects; ``server_id`` is the daemon's number on the current connection."""

    handle: int
    request: Dict[str, Any]
    server_id: int
    stream: str


def now_ns() -> int:
    return time.time_ns()


class Session:
    """Connection-independent state of one client."""

    def __init__(self, client_name: Optional[str], slow_consumer: str, max_queue_bytes: Optional[int]) -> None:
        if slow_consumer not in ("drop", "disconnect"):
            raise ValueError("slow_consumer must be 'drop' or 'disconnect'")
        self.client_name = client_name
        self.slow_consumer = slow_consumer
        self.max_queue_bytes = max_queue_bytes
        self.info: Optional[ServerInfo] = None
        self.subscriptions: Dict[int, Subscription] = {}
        self.gaps_detected = 0  # client-side gaps (seq jumps the server did not announce)
        self._ids = itertools.count(1)
        self._handles = itertools.count(1)
        self._last_seq: Dict[SeqKey, Tuple[int, int]] = {}  # key -> (epoch, last seq)

    # --- requests -------------------------------------------------------------------------------------------------

    def next_id(self) -> int:
        return next(self._ids)

    def hello(self) -> Dict[str, Any]:
        msg: Dict[str, Any] = {"type": "hello", "protocol": PROTOCOL_VERSION, "slow_consumer": self.slow_consumer}
        if self.client_name:
            msg["client"] = self.client_name
        if self.max_queue_bytes:
            msg["max_queue_bytes"] = self.max_queue_bytes
        return msg

    def accept_hello(self, reply: Mapping[str, Any]) -> Tuple[ServerInfo, bool]:
        """Checks the hello reply; returns the server info and whether the daemon's epoch changed (a restart)."""
        if reply.get("type") == "error":
            err = server_error(reply)
            if err.code == "unsupported_protocol":
                raise ProtocolError(f"the daemon does not speak protocol {PROTOCOL_VERSION}: {err.message}") from err
            raise err
        data = reply.get("data")
        if reply.get("type") != "hello" or not isinstance(data, Mapping):
            raise ProtocolError(f"expected a hello reply, got {reply.get('type')!r}")
        protocol = data.get("protocol")
        if protocol != PROTOCOL_VERSION:
            raise ProtocolError(f"the daemon answered protocol {protocol!r}; this client speaks {PROTOCOL_VERSION}")
        info = ServerInfo(PROTOCOL_VERSION, str(data.get("server", "")), int(data.get("epoch", 0)),
                          int(data.get("max_message_bytes", 1 << 20)), int(data.get("heartbeat_ms", 1000)))
        epoch_changed = self.info is not None and self.info.epoch != info.epoch
        self.info = info
        if epoch_changed:
            # A restarted daemon numbers every stream afresh: old baselines mean nothing.
            self._last_seq.clear()
        return info, epoch_changed

    # --- subscriptions --------------------------------------------------------------------------------------------

    def add_subscription(self, request: Mapping[str, Any], reply: Mapping[str, Any]) -> int:
        data = reply.get("data") or {}
        server_id = int(data["subscription"])
        # The server returns the existing subscription for a repeated one: give back the same handle.
        for sub in self.subscriptions.values():
            if sub.server_id == server_id:
                return sub.handle
        handle = next(self._handles)
        clean = {k: v for k, v in request.items() if k != "id"}
        self.subscriptions[handle] = Subscription(handle, clean, server_id, str(data.get("stream", "")))
        return handle

    # --- stream messages ------------------------------------------------------------------------------------------

    def on_stream(self, msg: Dict[str, Any]) -> List[Dict[str, Any]]:
        """The messages to deliver for one received stream message: itself, preceded by a client-made gap status
        when a lossless stream's seq jumped without the server announcing a gap."""
        data = msg.get("data")
        if not isinstance(data, Mapping):
            return [msg]
        mtype = msg.get("type")
        if mtype == "status":
            if data.get("status") == "gap":
                # The server counted these losses itself: forget the baseline so the jump that follows is not
                # reported a second time.
                self._forget(data)
            return [msg]
        seq = data.get("seq")
        if not isinstance(seq, int):
            return [msg]
        venue, symbol = str(data.get("venue", "")), str(data.get("symbol", ""))
        epoch = int(data.get("epoch", 0) or 0)
        if mtype == "orderbook_snapshot":
            # A book snapshot restarts the delta sequence: deltas continue from its seq.
            self._last_seq[(venue, symbol, "book", None)] = (epoch, seq)
            return [msg]
        stream = LOSSLESS_STREAMS.get(str(mtype))
        if stream is None:
            return [msg]  # books in top mode and quotes conflate: a seq jump there is by design
        interval = str(data.get("interval")) if stream == "candles" else None
        key = (venue, symbol, stream, interval)
        out: List[Dict[str, Any]] = []
        last = self._last_seq.get(key)
        if last is not None and last[0] == epoch and seq > last[1] + 1:
            lost = seq - last[1] - 1
            self.gaps_detected += 1
            out.append(self.status_message("gap", venue=venue, symbol=symbol, stream=stream, interval=interval,
                                           detail=lost, seq=seq, epoch=epoch,
                                           message=f"seq jumped from {last[1]} to {seq}"))
        # A seq at or below the baseline (candle history re-sent after a resubscribe) is delivered as is.
        if last is None or last[0] != epoch or seq > last[1]:
            self._last_seq[key] = (epoch, seq)
        out.append(msg)
        return out

    def _forget(self, status: Mapping[str, Any]) -> None:
        venue = status.get("venue") or None
        symbol = status.get("symbol") or None
        stream = status.get("stream") or None
        interval = status.get("interval") or None
        for key in [k for k in self._last_seq
                    if (venue is None or k[0] == venue) and (symbol is None or k[1] == symbol)
                    and (stream is None or k[2] == stream) and (interval is None or k[3] in (None, interval))]:
            del self._last_seq[key]

    def status_message(self, status: str, *, stream: str = "ipc", venue: str = "", symbol: str = "",
                       **extra: Any) -> Dict[str, Any]:
        """A ``status`` message made by this client (``origin: "client"``), shaped like the server's."""
        ts = now_ns()
        data: Dict[str, Any] = {"venue": venue, "symbol": symbol, "stream": stream, "status": status,
                                "origin": "client", "timestamp_us": ts // 1000, "receive_ts_ns": ts}
        data.update({k: v for k, v in extra.items() if v is not None})
        data.setdefault("epoch", self.info.epoch if self.info else 0)
        return {"type": "status", "data": data}


# --- requests and replies -----------------------------------------------------------------------------------------

def request(mtype: str, **fields: Any) -> Dict[str, Any]:
    """A request map; fields given as None are left out (the protocol's "absent = default/all")."""
    msg: Dict[str, Any] = {"type": mtype}
    msg.update({k: v for k, v in fields.items() if v is not None})
    return msg


def check_reply(reply: Mapping[str, Any], expected: Sequence[str]) -> Any:
    """The reply's data, or the typed exception of an error reply."""
    mtype = reply.get("type")
    if mtype == "error":
        raise server_error(reply)
    if mtype not in expected:
        raise ProtocolError(f"expected a {'/'.join(expected)} reply, got {mtype!r}")
    return reply.get("data")


def decode_instruments(data: Any) -> List[Instrument]:
    return [Instrument(**s) for s in (data or {}).get("symbols", [])]


def decode_candles(data: Any) -> List[Candle]:
    data = data or {}
    venue, symbol, interval = str(data.get("venue", "")), str(data.get("symbol", "")), str(data.get("interval", ""))
    return [candle_from_data(c, venue, symbol, interval) for c in data.get("candles", [])]


def decode_batch(data: Any, fmt: str) -> CandleBatch:
    data = data or {}
    # Trust the reply's shape over the requested format: columnar replies carry "counts".
    if "counts" in data:
        return batch_from_columns(data)
    return batch_from_rows(data)


def decode_orderbook(data: Any) -> Optional[OrderbookSnapshot]:
    return OrderbookSnapshot(**data) if data else None


def decode_trades(data: Any) -> List[Trade]:
    data = data or {}
    venue, symbol = str(data.get("venue", "")), str(data.get("symbol", ""))
    return [Trade(**{"venue": venue, "symbol": symbol, **t}) for t in data.get("trades", [])]


def decode_quote(data: Any) -> Optional[Quote]:
    return Quote(**data) if data else None


def decode_features(data: Any) -> Optional[Features]:
    return Features(**data) if data else None


def decode_features_batch(data: Any) -> Dict[str, Optional[Features]]:
    """``features_batch``: symbol -> its latest features, None where the daemon has none yet."""
    return {symbol: decode_features(f) for symbol, f in ((data or {}).get("features") or {}).items()}


def features_request(mtype: str, venue: str, symbol: Optional[str],
                     symbols: Optional[Iterable[str]]) -> Dict[str, Any]:
    """``get_features``/``subscribe_features``: one symbol, a list, or (neither) every symbol of the venue."""
    if symbol is not None and symbols is not None:
        raise ValueError("give symbol or symbols, not both")
    return request(mtype, venue=venue, symbol=symbol, symbols=list(symbols) if symbols is not None else None)


def decode_status(data: Any) -> List[StreamStatus]:
    return [StreamStatus(**s) for s in (data or {}).get("streams", [])]


def subscription_requests(venue: str, symbols: Optional[Iterable[str]], interval: str) -> List[Dict[str, Any]]:
    """``subscribe_candles`` with symbols=None is one ``subscribe_all_candles``, else one request per symbol."""
    if symbols is None:
        return [request("subscribe_all_candles", venue=venue, interval=interval)]
    return [request("subscribe_candles", venue=venue, symbol=s, interval=interval) for s in symbols]


def is_fatal_error(msg: Mapping[str, Any]) -> bool:
    """An ``error`` without an id is about the connection: the daemon closes it after sending one."""
    return msg.get("type") == "error" and msg.get("id") is None


def connection_error(msg: Mapping[str, Any]) -> ServerError:
    return server_error(msg)
