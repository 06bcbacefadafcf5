"""The asyncio client: the same methods as :class:`~slipstream_mktdata.MarketDataClient`, as coroutines.

One reader task owns the socket's read side: it resolves each pending request's future by reply id, queues stream
messages for ``stream()``, and on a drop reconnects, re-subscribes and re-sends the requests still waiting (every
request is idempotent), so concurrent coroutines may share one client.
"""

from __future__ import annotations

import asyncio
import logging
import time
from types import TracebackType
from typing import Any, AsyncIterator, Dict, Iterable, List, Optional, Sequence, Tuple, Type, Union, overload

import msgpack  # type: ignore[import-untyped]

from . import _core
from ._core import Backoff, ServerInfo, Session, default_socket_path, request
from .candles import CandleBatch
from .errors import ConnectionLostError, MarketDataError, ProtocolError, RequestTimeoutError, ServerError
from .models import Candle, Features, Instrument, MarketData, OrderbookSnapshot, Quote, StreamStatus, Trade, typed

log = logging.getLogger("slipstream_mktdata")

_Item = Union[Dict[str, Any], BaseException]


class _Dropped(Exception):
    pass


class AsyncMarketDataClient:
    """asyncio client of the slipstream-mktdata daemon (protocol v1). ``async with`` connects and closes."""

    def __init__(self, socket_path: Optional[str] = None, *, client_name: Optional[str] = None,
                 slow_consumer: str = "drop", reconnect: bool = True, timeout_s: float = 5.0,
                 max_queue_bytes: Optional[int] = None) -> None:
        self.socket_path = socket_path or default_socket_path()
        self.reconnect = reconnect
        self.timeout_s = timeout_s
        self._session = Session(client_name, slow_consumer, max_queue_bytes)
        self._reader: Optional[asyncio.StreamReader] = None
        self._writer: Optional[asyncio.StreamWriter] = None
        self._unpacker = self._new_unpacker()
        self._pending: Dict[int, Tuple[Dict[str, Any], "asyncio.Future[Dict[str, Any]]"]] = {}
        self._queue: Optional["asyncio.Queue[_Item]"] = None
        self._task: Optional["asyncio.Task[None]"] = None
        self._heartbeats = False
        self._closed = False

    @staticmethod
    def _new_unpacker() -> msgpack.Unpacker:
        return msgpack.Unpacker(raw=False, max_buffer_size=_core.MAX_BUFFER_BYTES)

    @property
    def server_info(self) -> Optional[ServerInfo]:
        return self._session.info

    @property
    def connected(self) -> bool:
        return self._writer is not None

    @property
    def gaps_detected(self) -> int:
        return self._session.gaps_detected

    # --- connection -----------------------------------------------------------------------------------------------

    async def connect(self) -> "AsyncMarketDataClient":
        if self._task is not None:
            return self
        self._closed = False
        self._queue = asyncio.Queue()
        try:
            await asyncio.wait_for(self._open(), self.timeout_s)
        except asyncio.TimeoutError as e:
            self._close_transport()
            raise RequestTimeoutError(f"no hello reply from {self.socket_path} in {self.timeout_s} s") from e
        except (OSError, _Dropped) as e:
            self._close_transport()
            raise ConnectionLostError(f"cannot connect to {self.socket_path}: {e}") from e
        self._task = asyncio.ensure_future(self._run())
        return self

    async def close(self) -> None:
        self._closed = True
        self._session.subscriptions.clear()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
        self._close_transport()
        for _, fut in self._pending.values():
            if not fut.done():
                fut.set_exception(ConnectionLostError("the client is closed"))

    async def __aenter__(self) -> "AsyncMarketDataClient":
        return await self.connect()

    async def __aexit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException],
                        tb: Optional[TracebackType]) -> None:
        await self.close()

    def _close_transport(self) -> None:
        if self._writer is not None:
            try:
                self._writer.close()
            except Exception:  # already broken: nothing to release beyond this
                pass
        self._reader = None
        self._writer = None

    async def _open(self) -> bool:
        """Connects and says hello (read inline: the reader task is not running). Returns epoch_changed."""
        self._close_transport()
        self._reader, self._writer = await asyncio.open_unix_connection(self.socket_path, limit=1 << 20)
        self._unpacker = self._new_unpacker()
        reply = await self._call_inline(self._session.hello(), [])
        _, epoch_changed = self._session.accept_hello(reply)
        return epoch_changed

    def _send(self, req: Dict[str, Any]) -> None:
        if self._writer is None:
            raise _Dropped("not connected")
        try:
            self._writer.write(msgpack.packb(req, use_bin_type=True))
        except (OSError, RuntimeError) as e:
            raise _Dropped(str(e)) from e

    async def _read_msg(self) -> Dict[str, Any]:
        """The next well-formed message. Raises _Dropped or ProtocolError."""
        while True:
            try:
                msg = next(self._unpacker)
            except StopIteration:
                msg = None
            except (ValueError, msgpack.UnpackException) as e:
                raise ProtocolError(f"undecodable data from the daemon: {e}") from e
            if msg is not None:
                if isinstance(msg, dict) and isinstance(msg.get("type"), str):
                    return msg
                log.warning("ignoring a message that is not a map with a type: %r", msg)
                continue
            if self._reader is None:
                raise _Dropped("not connected")
            info = self._session.info
            silence = max(3 * info.heartbeat_ms / 1000.0, 1.0) if info and info.heartbeat_ms > 0 else None
            try:
                chunk = await asyncio.wait_for(self._reader.read(1 << 20), silence)
            except asyncio.TimeoutError as e:
                raise _Dropped(f"no data for {silence} s (heartbeats missing)") from e
            except OSError as e:
                raise _Dropped(str(e)) from e
            if not chunk:
                raise _Dropped("the daemon closed the connection")
            self._unpacker.feed(chunk)

    async def _call_inline(self, req: Dict[str, Any], stash: List[Dict[str, Any]]) -> Dict[str, Any]:
        """Request/reply while the reader task is not reading (hello, resubscribe); stream messages go to stash."""
        rid = self._session.next_id()
        req["id"] = rid
        self._send(req)
        while True:
            msg = await self._read_msg()
            if msg.get("id") == rid:
                return msg
            if msg.get("id") is None:
                if _core.is_fatal_error(msg):
                    raise _core.connection_error(msg)
                if msg["type"] != "heartbeat":
                    stash.extend(self._session.on_stream(msg))

    async def _run(self) -> None:
        """The reader task."""
        assert self._queue is not None
        while not self._closed:
            try:
                msg = await self._read_msg()
            except (_Dropped, MarketDataError) as e:
                if isinstance(e, MarketDataError):
                    # Garbage or a connection-level error (slow_consumer, ...): the stream consumer sees it raised.
                    self._queue.put_nowait(e)
                if not await self._handle_drop(str(e)):
                    return
                continue
            rid = msg.get("id")
            if rid is not None:
                entry = self._pending.get(rid)
                if entry is not None and not entry[1].done():
                    entry[1].set_result(msg)
                continue  # else: a late reply to a request that timed out
            if _core.is_fatal_error(msg):
                err = _core.connection_error(msg)
                if err.code != "shutting_down":
                    self._queue.put_nowait(err)
                if not await self._handle_drop(err.code):
                    return
                continue
            if msg["type"] == "heartbeat":
                if self._heartbeats:
                    self._queue.put_nowait(msg)
                continue
            for out in self._session.on_stream(msg):
                self._queue.put_nowait(out)

    async def _handle_drop(self, reason: str) -> bool:
        """Reconnects after a drop; returns False if the reader task should end (reconnect off)."""
        assert self._queue is not None
        log.warning("slipstream-mktdata connection lost: %s", reason)
        self._close_transport()
        self._queue.put_nowait(self._session.status_message("disconnected", message=reason))
        if not self.reconnect:
            err = ConnectionLostError(f"connection to {self.socket_path} lost: {reason}")
            for _, fut in self._pending.values():
                if not fut.done():
                    fut.set_exception(err)
            self._queue.put_nowait(err)
            return False
        backoff = Backoff()
        while not self._closed:
            await asyncio.sleep(backoff.next_delay())
            stash: List[Dict[str, Any]] = []
            try:
                epoch_changed, failed = await asyncio.wait_for(self._reopen(stash), self.timeout_s)
            except ProtocolError as e:
                self._queue.put_nowait(e)
                return False
            except (OSError, _Dropped, ServerError, asyncio.TimeoutError) as e:
                log.info("reconnect to %s failed: %s", self.socket_path, e)
                self._close_transport()
                continue
            info = self._session.info
            self._queue.put_nowait(self._session.status_message(
                "resynced", epoch_changed=epoch_changed, subscriptions=len(self._session.subscriptions),
                failed_subscriptions=failed or None, epoch=info.epoch if info else 0))
            for out in stash:
                self._queue.put_nowait(out)
            # Requests that were waiting when the connection dropped: send them again on the new one.
            for req, fut in list(self._pending.values()):
                if not fut.done():
                    self._send(req)
            return True
        return False

    async def _reopen(self, stash: List[Dict[str, Any]]) -> Tuple[bool, List[int]]:
        epoch_changed = await self._open()
        failed: List[int] = []
        for sub in list(self._session.subscriptions.values()):
            reply = await self._call_inline(dict(sub.request), stash)
            try:
                data = _core.check_reply(reply, ("subscribed",))
            except ServerError as e:
                log.warning("resubscribe %s failed: %s", sub.request, e)
                failed.append(sub.handle)
                del self._session.subscriptions[sub.handle]
                continue
            sub.server_id = int(data["subscription"])
        return epoch_changed, failed

    async def _roundtrip(self, req: Dict[str, Any]) -> Dict[str, Any]:
        if self._task is None:
            if self._closed:
                raise ConnectionLostError("the client is closed")
            await self.connect()
        if self._task is not None and self._task.done():
            raise ConnectionLostError(f"connection to {self.socket_path} lost")
        req = dict(req)
        rid = self._session.next_id()
        req["id"] = rid
        fut: "asyncio.Future[Dict[str, Any]]" = asyncio.get_running_loop().create_future()
        self._pending[rid] = (req, fut)
        try:
            if self._writer is not None:
                try:
                    self._send(req)
                except _Dropped:
                    pass  # the reader task notices the drop and re-sends pending requests after reconnecting
            return await asyncio.wait_for(asyncio.shield(fut), self.timeout_s)
        except asyncio.TimeoutError as e:
            if self._writer is None:
                raise ConnectionLostError(f"not reconnected to {self.socket_path} within {self.timeout_s} s") from e
            raise RequestTimeoutError(f"no reply to {req['type']} in {self.timeout_s} s") from e
        finally:
            self._pending.pop(rid, None)

    async def _request(self, req: Dict[str, Any], expected: Sequence[str]) -> Any:
        return _core.check_reply(await self._roundtrip(req), expected)

    # --- streaming ------------------------------------------------------------------------------------------------

    async def next_message(self, timeout_s: Optional[float] = None, *,
                           include_heartbeats: bool = False) -> Optional[Dict[str, Any]]:
        """The next stream message, or None after ``timeout_s`` without one."""
        if self._queue is None:
            await self.connect()
        assert self._queue is not None
        self._heartbeats = include_heartbeats
        try:
            item = await asyncio.wait_for(self._queue.get(), timeout_s)
        except asyncio.TimeoutError:
            return None
        if isinstance(item, BaseException):
            raise item
        return item

    async def stream(self, *, include_heartbeats: bool = False) -> AsyncIterator[Dict[str, Any]]:
        """``async for msg in client.stream()``: stream messages as dicts, as the blocking client's stream()."""
        while True:
            msg = await self.next_message(None, include_heartbeats=include_heartbeats)
            if msg is not None:
                yield msg

    async def stream_typed(self) -> AsyncIterator[MarketData]:
        async for msg in self.stream():
            obj = typed(msg)
            if obj is not None:
                yield obj

    # --- requests -------------------------------------------------------------------------------------------------

    async def ping(self) -> float:
        start = time.perf_counter()
        await self._request(request("ping"), ("pong",))
        return time.perf_counter() - start

    async def get_instruments(self, venue: Optional[str] = None) -> List[Instrument]:
        return _core.decode_instruments(await self._request(request("get_symbols", venue=venue), ("symbols",)))

    async def get_symbols(self, venue: Optional[str] = None) -> List[str]:
        return [i.symbol for i in await self.get_instruments(venue)]

    async def get_candles(self, venue: str, symbol: str, interval: str = "4h", count: int = 100) -> List[Candle]:
        req = request("get_candles", venue=venue, symbol=symbol, interval=interval, count=count)
        return _core.decode_candles(await self._request(req, ("candles",)))

    async def get_candles_batch(self, venue: str, symbols: Optional[Sequence[str]] = None, interval: str = "4h",
                                count: int = 1100, format: str = "columns") -> CandleBatch:
        if format not in ("columns", "rows"):
            raise ValueError("format must be 'columns' or 'rows'")
        req = request("get_candles_batch", venue=venue, symbols=list(symbols) if symbols is not None else None,
                      interval=interval, count=count, format=format)
        return _core.decode_batch(await self._request(req, ("candles_batch",)), format)

    async def get_candles_panel(self, venue: str, symbols: Optional[Sequence[str]] = None, interval: str = "4h",
                                count: int = 1100) -> Any:
        from .panel import candles_to_panel

        return candles_to_panel(await self.get_candles_batch(venue, symbols, interval, count, format="columns"))

    async def get_orderbook(self, venue: str, symbol: str, depth: int = 10) -> Optional[OrderbookSnapshot]:
        req = request("get_orderbook", venue=venue, symbol=symbol, depth=depth)
        return _core.decode_orderbook(await self._request(req, ("orderbook_snapshot",)))

    async def get_latest_orderbook(self, venue: str, symbol: str) -> Optional[OrderbookSnapshot]:
        return await self.get_orderbook(venue, symbol)

    async def get_trades(self, venue: str, symbol: str, count: int = 100) -> List[Trade]:
        req = request("get_trades", venue=venue, symbol=symbol, count=count)
        return _core.decode_trades(await self._request(req, ("trades",)))

    async def get_quote(self, venue: str, symbol: str) -> Optional[Quote]:
        return _core.decode_quote(await self._request(request("get_quote", venue=venue, symbol=symbol), ("quote",)))

    async def get_status(self, venue: Optional[str] = None) -> List[StreamStatus]:
        return _core.decode_status(await self._request(request("get_status", venue=venue), ("status_report",)))

    @overload
    async def get_features(self, venue: str, symbol: str) -> Optional[Features]: ...

    @overload
    async def get_features(self, venue: str, symbol: None = None, *,
                           symbols: Optional[Iterable[str]] = None) -> Dict[str, Optional[Features]]: ...

    async def get_features(self, venue: str, symbol: Optional[str] = None, *,
                           symbols: Optional[Iterable[str]] = None
                           ) -> Union[Optional[Features], Dict[str, Optional[Features]]]:
        """As :meth:`slipstream_mktdata.MarketDataClient.get_features`."""
        req = _core.features_request("get_features", venue, symbol, symbols)
        if symbol is not None:
            return _core.decode_features(await self._request(req, ("features",)))
        return _core.decode_features_batch(await self._request(req, ("features_batch",)))

    # --- subscriptions --------------------------------------------------------------------------------------------

    async def _subscribe(self, req: Dict[str, Any]) -> int:
        reply = await self._roundtrip(req)
        _core.check_reply(reply, ("subscribed",))
        return self._session.add_subscription(req, reply)

    async def subscribe_orderbook(self, venue: str, symbol: str, depth: int = 10, mode: str = "top") -> int:
        return await self._subscribe(request("subscribe_orderbook", venue=venue, symbol=symbol, depth=depth,
                                             mode=mode))

    async def subscribe_quote(self, venue: str, symbol: str) -> int:
        return await self._subscribe(request("subscribe_quote", venue=venue, symbol=symbol))

    async def subscribe_trades(self, venue: str, symbol: str) -> int:
        return await self._subscribe(request("subscribe_trades", venue=venue, symbol=symbol))

    async def subscribe_all_trades(self, venue: str) -> int:
        return await self._subscribe(request("subscribe_all_trades", venue=venue))

    async def subscribe_candles(self, venue: str, symbols: Optional[Iterable[str]] = None,
                                interval: str = "4h") -> List[int]:
        return [await self._subscribe(r) for r in _core.subscription_requests(venue, symbols, interval)]

    async def subscribe_all_candles(self, venue: str, interval: str = "4h") -> int:
        return await self._subscribe(request("subscribe_all_candles", venue=venue, interval=interval))

    async def subscribe_status(self, venue: Optional[str] = None) -> int:
        return await self._subscribe(request("subscribe_status", venue=venue))

    async def subscribe_features(self, venue: str, symbol: Optional[str] = None, *,
                                 symbols: Optional[Iterable[str]] = None) -> int:
        """As :meth:`slipstream_mktdata.MarketDataClient.subscribe_features`."""
        return await self._subscribe(_core.features_request("subscribe_features", venue, symbol, symbols))

    async def unsubscribe(self, subscription_id: int) -> None:
        sub = self._session.subscriptions.pop(subscription_id, None)
        if sub is None:
            raise ServerError("unknown_subscription", f"no subscription {subscription_id} on this client")
        try:
            await self._request(request("unsubscribe", subscription=sub.server_id), ("unsubscribed",))
        except ServerError as e:
            if e.code != "unknown_subscription":
                raise
