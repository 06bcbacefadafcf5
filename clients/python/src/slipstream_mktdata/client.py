"""The blocking client. One thread uses one client; there is no background thread.

Reading happens inside the calls: a request reads until the reply carrying its id arrives and queues every stream
message read on the way, ``stream()`` serves that queue first and then reads the socket. This keeps the client free
of locks and makes the order of delivered messages exactly the order they arrived in.
"""

from __future__ import annotations

import collections
import logging
import socket
import time
from types import TracebackType
from typing import (Any, Callable, Deque, Dict, Iterable, Iterator, List, Optional, Sequence, Type, TypeVar, Union,
                    overload)

import msgpack  # type: ignore[import-untyped]

from . import _core
from ._core import Backoff, ServerInfo, Session, default_socket_path, request
from .candles import CandleBatch
from .errors import ConnectionLostError, ProtocolError, RequestTimeoutError, ServerError
from .fallback import Fallback, FallbackConfig, VenueStats
from .models import Candle, Features, Instrument, MarketData, OrderbookSnapshot, Quote, StreamStatus, Trade, typed

log = logging.getLogger("slipstream_mktdata")

_R = TypeVar("_R")


class _Dropped(Exception):
    """Internal: the current connection is gone (EOF, socket error, silence past the heartbeat, fatal error)."""


class _Timeout(Exception):
    """Internal: the caller's deadline passed while reading."""


class MarketDataClient:
    """Blocking client of the slipstream-mktdata daemon (protocol v1).

    ``with MarketDataClient(path) as client:`` connects and closes. Request methods connect on first use if
    ``connect()`` was not called. With ``reconnect=True`` a dropped connection is re-opened with exponential backoff,
    every subscription is re-issued, and ``stream()`` yields ``status`` messages (stream ``ipc``) saying so.

    ``socket_path`` defaults to ``$SLIPSTREAM_MKTDATA_DAEMON_SOCKET_PATH``, else ``/var/run/slipstream/mktdata.sock``.
    With ``fallback=FallbackConfig(enabled=True)``, ``get_symbols``/``get_instruments``/``get_candles``/
    ``get_candles_batch``/``get_candles_panel`` are served from the venues' REST APIs while the daemon is
    unavailable, and from the daemon again once it answers; ``last_source`` says which served the last call.
    """

    def __init__(self, socket_path: Optional[str] = None, *, client_name: Optional[str] = None,
                 slow_consumer: str = "drop", reconnect: bool = True, timeout_s: float = 5.0,
                 max_queue_bytes: Optional[int] = None, fallback: Optional[FallbackConfig] = None) -> None:
        self.socket_path = socket_path or default_socket_path()
        self.reconnect = reconnect
        self.timeout_s = timeout_s
        self._session = Session(client_name, slow_consumer, max_queue_bytes)
        self._sock: Optional[socket.socket] = None
        self._unpacker = self._new_unpacker()
        self._queue: Deque[Dict[str, Any]] = collections.deque()
        self._last_rx = 0.0
        self._opened_once = False
        self._closed = False
        self._fallback = Fallback(fallback) if fallback is not None and fallback.enabled else None
        self._in_fallback = False
        self._next_daemon_try = 0.0
        self.last_source: Optional[str] = None
        """Who served the last symbols/candles call: ``"daemon"`` or ``"fallback"`` (None before the first)."""

    # --- connection -----------------------------------------------------------------------------------------------

    @property
    def server_info(self) -> Optional[ServerInfo]:
        """The last hello reply (protocol, server, epoch, limits)."""
        return self._session.info

    @property
    def connected(self) -> bool:
        return self._sock is not None

    @property
    def gaps_detected(self) -> int:
        """How many seq gaps this client detected on its own (not counting the server's gap statuses)."""
        return self._session.gaps_detected

    def connect(self) -> "MarketDataClient":
        """Opens the socket and says hello. Raises ConnectionLostError if the daemon is not there, unless the
        fallback is enabled: then the client starts in fallback mode (``in_fallback``) and tries the daemon again
        later."""
        self._closed = False
        if self._sock is None:
            try:
                try:
                    self._open(time.monotonic() + self.timeout_s)
                except (_Dropped, OSError) as e:
                    raise ConnectionLostError(f"cannot connect to {self.socket_path}: {e}") from e
                except _Timeout as e:
                    raise RequestTimeoutError(f"no hello reply from {self.socket_path} in {self.timeout_s} s") from e
            except (ConnectionLostError, RequestTimeoutError) as e:
                if self._fallback is None:
                    raise
                self._enter_fallback(str(e))
        return self

    def close(self) -> None:
        """Closes the connection; subscriptions are forgotten."""
        self._closed = True
        self._session.subscriptions.clear()
        self._close_socket()

    def __enter__(self) -> "MarketDataClient":
        return self.connect()

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        self.close()

    @staticmethod
    def _new_unpacker() -> msgpack.Unpacker:
        return msgpack.Unpacker(raw=False, max_buffer_size=_core.MAX_BUFFER_BYTES)

    def _open(self, deadline: float) -> bool:
        """Connects and says hello; returns whether the daemon's epoch changed since the last connection."""
        self._close_socket()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(max(0.001, deadline - time.monotonic()))
            sock.connect(self.socket_path)
        except OSError:
            sock.close()
            raise
        self._sock = sock
        self._unpacker = self._new_unpacker()
        self._last_rx = time.monotonic()
        try:
            reply = self._call(self._session.hello(), deadline)
            _, epoch_changed = self._session.accept_hello(reply)
        except BaseException:
            self._close_socket()
            raise
        self._opened_once = True
        return epoch_changed

    def _close_socket(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            except OSError:
                pass
            self._sock = None

    def _on_drop(self, reason: str) -> None:
        """Records a lost connection: closes it and queues the ``ipc disconnected`` status for stream()."""
        log.warning("slipstream-mktdata connection lost: %s", reason)
        self._close_socket()
        self._queue.append(self._session.status_message("disconnected", message=reason))
        if not self.reconnect:
            raise ConnectionLostError(f"connection to {self.socket_path} lost: {reason}")

    def _reconnect(self, deadline: Optional[float]) -> None:
        """Reconnects with backoff, says hello and re-issues every subscription; queues ``ipc resynced`` ahead of
        the snapshots the new subscriptions bring. Raises ConnectionLostError if ``deadline`` passes first."""
        backoff = Backoff()
        while True:
            delay = backoff.next_delay()
            if deadline is not None and time.monotonic() + delay >= deadline:
                raise ConnectionLostError(f"could not reconnect to {self.socket_path} in time")
            time.sleep(delay)
            attempt_deadline = time.monotonic() + self.timeout_s
            if deadline is not None:
                attempt_deadline = min(attempt_deadline, deadline)
            if self._try_reopen(attempt_deadline):
                return

    def _try_reopen(self, deadline: float) -> bool:
        """One reconnect attempt (hello, every subscription re-issued, ``ipc resynced`` queued); False if the
        daemon is not back yet."""
        mark = len(self._queue)
        try:
            epoch_changed = self._open(deadline)
            failed = self._resubscribe(deadline)
        except ProtocolError:
            raise
        except (OSError, _Dropped, _Timeout, ServerError) as e:
            # The daemon is not back yet (or refused us, e.g. too_many_clients): try again later.
            log.info("reconnect to %s failed: %s", self.socket_path, e)
            self._close_socket()
            return False
        info = self._session.info
        self._queue.insert(mark, self._session.status_message(
            "resynced", epoch_changed=epoch_changed, subscriptions=len(self._session.subscriptions),
            failed_subscriptions=failed or None, epoch=info.epoch if info else 0))
        return True

    def _resubscribe(self, deadline: float) -> List[int]:
        """Re-issues every subscription on the new connection; returns the handles the daemon refused (dropped)."""
        failed: List[int] = []
        for sub in list(self._session.subscriptions.values()):
            reply = self._call(dict(sub.request), deadline)
            try:
                data = _core.check_reply(reply, ("subscribed",))
            except ServerError as e:  # e.g. the symbol is gone after a daemon restart
                log.warning("resubscribe %s failed: %s", sub.request, e)
                failed.append(sub.handle)
                del self._session.subscriptions[sub.handle]
                continue
            sub.server_id = int(data["subscription"])
        return failed

    def _ensure_connected(self, deadline: float, single_attempt: bool = False) -> None:
        """Connects if needed. ``single_attempt``: one immediate try instead of the backoff loop (the fallback
        path would rather serve from the venues now than wait out the reconnect)."""
        if self._sock is not None:
            return
        if self._closed and self._opened_once:
            raise ConnectionLostError("the client is closed")
        if single_attempt:
            if not self._try_reopen(deadline):
                raise ConnectionLostError(f"cannot connect to {self.socket_path}")
            self._opened_once = True
        elif not self._opened_once:
            self.connect()
            if self._sock is None:  # connect() fell back: the daemon is not there
                raise ConnectionLostError(f"cannot connect to {self.socket_path}")
        elif self.reconnect:
            self._reconnect(deadline)
        else:
            raise ConnectionLostError(f"not connected to {self.socket_path}")

    # --- reading --------------------------------------------------------------------------------------------------

    def _read(self, deadline: Optional[float]) -> Dict[str, Any]:
        """The next well-formed message of the connection. Raises _Timeout, _Dropped or ProtocolError."""
        sock = self._sock
        if sock is None:
            raise _Dropped("not connected")
        while True:
            try:
                msg = next(self._unpacker)
            except StopIteration:
                msg = None
            except (ValueError, msgpack.UnpackException) as e:
                # The byte stream cannot be re-framed after garbage: this connection is unusable.
                self._close_socket()
                raise ProtocolError(f"undecodable data from the daemon: {e}") from e
            if msg is not None:
                if isinstance(msg, dict) and isinstance(msg.get("type"), str):
                    return msg
                log.warning("ignoring a message that is not a map with a type: %r", msg)
                continue
            now = time.monotonic()
            wait = None if deadline is None else deadline - now
            if wait is not None and wait <= 0:
                raise _Timeout()
            # A daemon sends a heartbeat every heartbeat_ms: three missed ones mean the connection is dead even if
            # the socket does not say so.
            silence_limit = self._silence_limit()
            stale_wait = None if silence_limit is None else self._last_rx + silence_limit - now
            timeout = wait if stale_wait is None else (stale_wait if wait is None else min(wait, stale_wait))
            sock.settimeout(max(timeout, 0.0001) if timeout is not None else None)
            try:
                chunk = sock.recv(1 << 20)
            except socket.timeout:
                if stale_wait is not None and time.monotonic() >= self._last_rx + (silence_limit or 0):
                    raise _Dropped(f"no data for {silence_limit:.1f} s (heartbeats missing)")
                continue
            except OSError as e:
                raise _Dropped(str(e)) from e
            if not chunk:
                raise _Dropped("the daemon closed the connection")
            self._last_rx = time.monotonic()
            self._unpacker.feed(chunk)

    def _silence_limit(self) -> Optional[float]:
        info = self._session.info
        if info is None or info.heartbeat_ms <= 0:
            return None
        return max(3 * info.heartbeat_ms / 1000.0, 1.0)

    def _route(self, msg: Dict[str, Any], include_heartbeats: bool) -> Optional[Dict[str, Any]]:
        """Handles a message that is not the awaited reply. Returns it if stream() should yield it now."""
        if msg.get("id") is not None:
            log.debug("discarding a late reply: %s", msg.get("type"))  # its request timed out
            return None
        if msg["type"] == "error":
            err = _core.connection_error(msg)
            self._close_socket()
            if err.code == "shutting_down":
                raise _Dropped("the daemon is shutting down")
            raise err
        if msg["type"] == "heartbeat":
            return msg if include_heartbeats else None
        self._queue.extend(self._session.on_stream(msg))
        return None

    def _call(self, req: Dict[str, Any], deadline: float) -> Dict[str, Any]:
        """Sends a request on the current connection and reads until its reply. Raises _Dropped or _Timeout."""
        rid = self._session.next_id()
        req["id"] = rid
        sock = self._sock
        if sock is None:
            raise _Dropped("not connected")
        try:
            sock.settimeout(max(0.001, deadline - time.monotonic()))
            sock.sendall(msgpack.packb(req, use_bin_type=True))
        except socket.timeout as e:
            raise _Timeout() from e
        except OSError as e:
            raise _Dropped(str(e)) from e
        while True:
            msg = self._read(deadline)
            if msg.get("id") == rid:
                return msg
            self._route(msg, include_heartbeats=False)

    def _request(self, req: Dict[str, Any], expected: Sequence[str], single_attempt: bool = False) -> Any:
        """Sends a request and returns its reply's data, reconnecting (and re-sending: every request is
        idempotent) if the connection drops before the reply. ``single_attempt``: see _ensure_connected."""
        deadline = time.monotonic() + self.timeout_s
        while True:
            if single_attempt and self._sock is None:
                probe = self._fallback.config.daemon_probe_timeout_s if self._fallback else self.timeout_s
                self._ensure_connected(min(deadline, time.monotonic() + probe), single_attempt=True)
            else:
                self._ensure_connected(deadline)
            try:
                reply = self._call(dict(req), deadline)
                break
            except _Dropped as e:
                self._on_drop(str(e))
            except _Timeout as e:
                raise RequestTimeoutError(f"no reply to {req['type']} in {self.timeout_s} s") from e
        return _core.check_reply(reply, expected)

    # --- fallback -------------------------------------------------------------------------------------------------

    @property
    def in_fallback(self) -> bool:
        """True while symbols and candles come from the venues (the daemon is unavailable)."""
        return self._in_fallback

    @property
    def fallback_stats(self) -> Dict[str, VenueStats]:
        """Per venue: requests, weight, time throttled and 429/418 answers of this client's fallback."""
        return self._fallback.stats if self._fallback is not None else {}

    def _enter_fallback(self, reason: str) -> None:
        if not self._in_fallback:
            log.warning("slipstream-mktdata daemon unavailable (%s): serving symbols and candles from the venues",
                        reason)
        self._in_fallback = True
        assert self._fallback is not None
        self._next_daemon_try = time.monotonic() + self._fallback.config.retry_daemon_s

    def _served(self, from_daemon: Callable[[], _R], from_venues: Callable[[Fallback], _R]) -> _R:
        """Serves a fallback-capable call: from the daemon when it answers, else (fallback enabled) from the
        venues. While in fallback the daemon is tried again at most every ``retry_daemon_s``, so a dead daemon
        costs one quick connection attempt now and then, not a timeout per call."""
        fb = self._fallback
        if self._closed and (self._opened_once or self._in_fallback):
            raise ConnectionLostError("the client is closed")
        if fb is not None and self._in_fallback and time.monotonic() < self._next_daemon_try:
            self.last_source = "fallback"
            return from_venues(fb)
        try:
            result = from_daemon()
        except (ConnectionLostError, RequestTimeoutError) as e:
            if fb is None:
                raise
            self._close_socket()  # a hung daemon: start afresh when it is tried again
            self._enter_fallback(str(e))
            self.last_source = "fallback"
            return from_venues(fb)
        if self._in_fallback:
            log.warning("slipstream-mktdata daemon is back: serving from it again")
            self._in_fallback = False
        self.last_source = "daemon"
        return result

    # --- streaming ------------------------------------------------------------------------------------------------

    def next_message(self, timeout_s: Optional[float] = None, *,
                     include_heartbeats: bool = False) -> Optional[Dict[str, Any]]:
        """The next stream message, or None if none arrives within ``timeout_s`` (None: wait for ever)."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while True:
            if self._queue:
                return self._queue.popleft()
            try:
                if self._sock is None:
                    if self._closed:
                        raise ConnectionLostError("the client is closed")
                    self._ensure_connected(deadline if deadline is not None else float("inf"))
                    continue
                msg = self._read(deadline)
            except _Timeout:
                return None
            except _Dropped as e:
                self._on_drop(str(e))
                continue
            except ConnectionLostError:
                if deadline is not None and time.monotonic() >= deadline and self.reconnect:
                    return None  # still reconnecting when the caller's time ran out
                raise
            out = self._route(msg, include_heartbeats)
            if out is not None:
                return out

    def stream(self, *, include_heartbeats: bool = False) -> Iterator[Dict[str, Any]]:
        """Yields stream messages ``{"type": ..., "data": {...}}`` for ever, in arrival order.

        Includes ``status`` messages made by the client (``data["origin"] == "client"``): ``ipc``
        ``disconnected``/``resynced`` around a reconnect and ``gap`` when a lossless stream's seq jumps.
        Raises ConnectionLostError if the connection drops and ``reconnect`` is off, SlowConsumerError if the
        daemon disconnected this client for reading too slowly (calling stream() again reconnects).
        """
        while True:
            msg = self.next_message(None, include_heartbeats=include_heartbeats)
            if msg is not None:
                yield msg

    def stream_typed(self) -> Iterator[MarketData]:
        """Like stream(), as data classes (OrderbookSnapshot, OrderbookDelta, Quote, Trade, Candle, StreamStatus);
        message types without a class are skipped."""
        for msg in self.stream():
            obj = typed(msg)
            if obj is not None:
                yield obj

    # --- requests -------------------------------------------------------------------------------------------------

    def ping(self) -> float:
        """Round-trip time of a ping, in seconds."""
        start = time.perf_counter()
        self._request(request("ping"), ("pong",))
        return time.perf_counter() - start

    def get_instruments(self, venue: Optional[str] = None) -> List[Instrument]:
        return self._served(
            lambda: _core.decode_instruments(self._daemon_request(request("get_symbols", venue=venue), ("symbols",))),
            lambda fb: fb.get_instruments(venue))

    def _daemon_request(self, req: Dict[str, Any], expected: Sequence[str]) -> Any:
        """A request of a fallback-capable call: with the fallback on, a lost daemon gets one quick reconnect
        attempt, not the full backoff."""
        return self._request(req, expected, single_attempt=self._fallback is not None)

    def get_symbols(self, venue: Optional[str] = None) -> List[str]:
        """Symbol names (of one venue, or of all venues)."""
        return [i.symbol for i in self.get_instruments(venue)]

    def get_candles(self, venue: str, symbol: str, interval: str = "4h", count: int = 100) -> List[Candle]:
        """The newest ``count`` candles, oldest first; the last one is usually still open (``closed`` False)."""
        req = request("get_candles", venue=venue, symbol=symbol, interval=interval, count=count)
        return self._served(lambda: _core.decode_candles(self._daemon_request(req, ("candles",))),
                            lambda fb: fb.get_candles(venue, symbol, interval, count))

    def get_candles_batch(self, venue: str, symbols: Optional[Sequence[str]] = None, interval: str = "4h",
                          count: int = 1100, format: str = "columns") -> CandleBatch:
        """Candles of many symbols in one request: a mapping symbol -> list[Candle] (oldest first).

        ``symbols=None`` means every symbol of the venue. ``format="columns"`` (default) transfers packed arrays;
        ``"rows"`` the per-candle maps. Either way ``result.columns`` gives the arrays. ``result.source`` is
        ``"daemon"`` or ``"fallback"``.
        """
        if format not in ("columns", "rows"):
            raise ValueError("format must be 'columns' or 'rows'")
        req = request("get_candles_batch", venue=venue, symbols=list(symbols) if symbols is not None else None,
                      interval=interval, count=count, format=format)
        return self._served(lambda: _core.decode_batch(self._daemon_request(req, ("candles_batch",)), format),
                            lambda fb: fb.get_candles_batch(venue, symbols, interval, count))

    def get_candles_panel(self, venue: str, symbols: Optional[Sequence[str]] = None, interval: str = "4h",
                          count: int = 1100) -> Any:
        """A pandas DataFrame indexed by (symbol, open_time); see :func:`slipstream_mktdata.panel.candles_to_panel`."""
        from .panel import candles_to_panel  # pandas stays optional

        return candles_to_panel(self.get_candles_batch(venue, symbols, interval, count, format="columns"))

    def get_orderbook(self, venue: str, symbol: str, depth: int = 10) -> Optional[OrderbookSnapshot]:
        req = request("get_orderbook", venue=venue, symbol=symbol, depth=depth)
        return _core.decode_orderbook(self._request(req, ("orderbook_snapshot",)))

    def get_latest_orderbook(self, venue: str, symbol: str) -> Optional[OrderbookSnapshot]:
        """The sprint document's name for get_orderbook(venue, symbol)."""
        return self.get_orderbook(venue, symbol)

    def get_trades(self, venue: str, symbol: str, count: int = 100) -> List[Trade]:
        req = request("get_trades", venue=venue, symbol=symbol, count=count)
        return _core.decode_trades(self._request(req, ("trades",)))

    def get_quote(self, venue: str, symbol: str) -> Optional[Quote]:
        return _core.decode_quote(self._request(request("get_quote", venue=venue, symbol=symbol), ("quote",)))

    def get_status(self, venue: Optional[str] = None) -> List[StreamStatus]:
        return _core.decode_status(self._request(request("get_status", venue=venue), ("status_report",)))

    @overload
    def get_features(self, venue: str, symbol: str) -> Optional[Features]: ...

    @overload
    def get_features(self, venue: str, symbol: None = None, *,
                     symbols: Optional[Iterable[str]] = None) -> Dict[str, Optional[Features]]: ...

    def get_features(self, venue: str, symbol: Optional[str] = None, *, symbols: Optional[Iterable[str]] = None
                     ) -> Union[Optional[Features], Dict[str, Optional[Features]]]:
        """The latest order-flow features (docs/features.md): of ``symbol`` (None if none were computed yet), or a
        dict symbol -> Features (or None) for ``symbols``, or for every symbol of the venue when neither is given."""
        req = _core.features_request("get_features", venue, symbol, symbols)
        if symbol is not None:
            return _core.decode_features(self._request(req, ("features",)))
        return _core.decode_features_batch(self._request(req, ("features_batch",)))

    # --- subscriptions --------------------------------------------------------------------------------------------

    def _subscribe(self, req: Dict[str, Any]) -> int:
        deadline = time.monotonic() + self.timeout_s
        while True:
            self._ensure_connected(deadline)
            try:
                reply = self._call(dict(req), deadline)
                break
            except _Dropped as e:
                self._on_drop(str(e))  # the reconnect re-issues only known subscriptions: this one is sent again
            except _Timeout as e:
                raise RequestTimeoutError(f"no reply to {req['type']} in {self.timeout_s} s") from e
        _core.check_reply(reply, ("subscribed",))
        return self._session.add_subscription(req, reply)

    def subscribe_orderbook(self, venue: str, symbol: str, depth: int = 10, mode: str = "top") -> int:
        """Book stream: an ``orderbook_snapshot``, then ``orderbook_update`` (mode top) or ``orderbook_delta``."""
        return self._subscribe(request("subscribe_orderbook", venue=venue, symbol=symbol, depth=depth, mode=mode))

    def subscribe_quote(self, venue: str, symbol: str) -> int:
        return self._subscribe(request("subscribe_quote", venue=venue, symbol=symbol))

    def subscribe_trades(self, venue: str, symbol: str) -> int:
        return self._subscribe(request("subscribe_trades", venue=venue, symbol=symbol))

    def subscribe_all_trades(self, venue: str) -> int:
        return self._subscribe(request("subscribe_all_trades", venue=venue))

    def subscribe_candles(self, venue: str, symbols: Optional[Iterable[str]] = None,
                          interval: str = "4h") -> List[int]:
        """Candles of the given symbols (one subscription each) or, with symbols=None, of every symbol of the
        venue (one ``subscribe_all_candles``). Returns the subscription handles."""
        return [self._subscribe(r) for r in _core.subscription_requests(venue, symbols, interval)]

    def subscribe_all_candles(self, venue: str, interval: str = "4h") -> int:
        return self._subscribe(request("subscribe_all_candles", venue=venue, interval=interval))

    def subscribe_status(self, venue: Optional[str] = None) -> int:
        return self._subscribe(request("subscribe_status", venue=venue))

    def subscribe_features(self, venue: str, symbol: Optional[str] = None, *,
                           symbols: Optional[Iterable[str]] = None) -> int:
        """``features`` messages of ``symbol``, of ``symbols`` (one subscription), or of every symbol of the venue:
        the latest of each first, then every new one (conflated for a slow reader; a skipped one shows as a client
        ``gap`` status, the next message being a complete state)."""
        return self._subscribe(_core.features_request("subscribe_features", venue, symbol, symbols))

    def unsubscribe(self, subscription_id: int) -> None:
        """Ends a subscription (by the handle a subscribe method returned)."""
        sub = self._session.subscriptions.pop(subscription_id, None)
        if sub is None:
            raise ServerError("unknown_subscription", f"no subscription {subscription_id} on this client")
        if self._sock is None:
            return  # nothing to tell the daemon: the reconnect will simply not re-issue it
        try:
            self._request(request("unsubscribe", subscription=sub.server_id), ("unsubscribed",))
        except ServerError as e:
            if e.code != "unknown_subscription":
                raise

    @property
    def subscriptions(self) -> Dict[int, Dict[str, Any]]:
        """Handle -> the subscribe request, for every active subscription."""
        return {h: dict(s.request) for h, s in self._session.subscriptions.items()}

