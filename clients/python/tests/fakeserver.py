"""A small fake slipstream-mktdata daemon for the unit tests: a Unix socket server in a thread that speaks
protocol v1 (docs/protocol.md) as far as the tests need, and lets a test script what it sends."""

from __future__ import annotations

import itertools
import os
import socket
import threading
import time
from typing import Any, Callable, Dict, List, Optional

import msgpack

Handler = Callable[["Conn", Dict[str, Any]], None]


def common(venue: str, symbol: str, seq: int, epoch: int = 1, ts_ns: int = 1_700_000_000_000_000_000) -> Dict[str, Any]:
    """The common fields of every stream message's data."""
    return {"venue": venue, "symbol": symbol, "seq": seq, "epoch": epoch, "exchange_ts_ns": ts_ns,
            "receive_ts_ns": ts_ns + 1000, "publish_ts_ns": ts_ns + 2000, "timestamp_us": ts_ns // 1000}


def book_data(venue: str, symbol: str, seq: int, bid: float = 100.0, ask: float = 101.0, epoch: int = 1,
              depth: int = 5) -> Dict[str, Any]:
    data = common(venue, symbol, seq, epoch)
    data.update({"bids": [[bid, 1.5], [bid - 1, 2.0]], "asks": [[ask, 0.5], [ask + 1, 3.0]], "depth": depth,
                 "price_scale": 1, "size_scale": 3})
    return data


def trade_msg(venue: str, symbol: str, seq: int, epoch: int = 1, side: str = "buy") -> Dict[str, Any]:
    data = common(venue, symbol, seq, epoch)
    data.update({"price": 100.0 + seq, "size": 0.1, "side": side, "trade_id": 1000 + seq, "backfilled": False})
    return {"type": "trade", "data": data}


class Conn:
    """One accepted connection."""

    def __init__(self, server: "FakeServer", sock: socket.socket) -> None:
        self.server = server
        self.sock = sock
        self.lock = threading.Lock()
        self.subs = itertools.count(1)
        self.closed = False
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def send(self, msg: Any) -> None:
        self.send_raw(msgpack.packb(msg, use_bin_type=True))

    def send_raw(self, data: bytes) -> None:
        with self.lock:
            try:
                self.sock.sendall(data)
            except OSError:
                pass

    def reply(self, req: Dict[str, Any], mtype: str, data: Any) -> None:
        self.send({"type": mtype, "id": req.get("id"), "data": data})

    def error(self, req: Optional[Dict[str, Any]], code: str, message: str = "") -> None:
        msg: Dict[str, Any] = {"type": "error", "data": {"code": code, "message": message}}
        if req is not None and req.get("id") is not None:
            msg["id"] = req["id"]
        self.send(msg)

    def close(self) -> None:
        self.closed = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    def _loop(self) -> None:
        unpacker = msgpack.Unpacker(raw=False)
        while not self.closed:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            unpacker.feed(chunk)
            for req in unpacker:
                self.server.received.append(req)
                handler = self.server.handlers.get(req.get("type"))
                if handler is None:
                    self.error(req, "unknown_type", str(req.get("type")))
                else:
                    handler(self, req)
        self.closed = True


class FakeServer:
    def __init__(self, path: str, *, heartbeat_ms: int = 0, epoch: int = 1, protocol: int = 1) -> None:
        self.path = path
        self.heartbeat_ms = heartbeat_ms
        self.epoch = epoch
        self.protocol = protocol
        self.received: List[Dict[str, Any]] = []
        self.conns: List[Conn] = []
        # Called after a subscribed reply (e.g. to send the snapshot); receives the conn and the request.
        self.on_subscribe: Optional[Handler] = None
        self.handlers: Dict[str, Handler] = {
            "hello": self._hello,
            "ping": lambda c, r: c.reply(r, "pong", {"server_time_ns": time.time_ns()}),
            "unsubscribe": lambda c, r: c.reply(r, "unsubscribed", {"subscription": r["subscription"]}),
        }
        for t in ("subscribe_orderbook", "subscribe_quote", "subscribe_trades", "subscribe_candles",
                  "subscribe_all_candles", "subscribe_all_trades", "subscribe_status"):
            self.handlers[t] = self._subscribe
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(path)
        self._listener.listen(16)
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()
        threading.Thread(target=self._heartbeat, daemon=True).start()

    # --- scripted behaviour ---------------------------------------------------------------------------------------

    def _hello(self, conn: Conn, req: Dict[str, Any]) -> None:
        conn.reply(req, "hello", {"protocol": self.protocol, "server": "fake 0", "epoch": self.epoch,
                                  "max_message_bytes": 1 << 20, "heartbeat_ms": self.heartbeat_ms})

    def _subscribe(self, conn: Conn, req: Dict[str, Any]) -> None:
        conn.reply(req, "subscribed", {"subscription": next(conn.subs), "stream": req["type"][len("subscribe_"):]})
        if self.on_subscribe is not None:
            self.on_subscribe(conn, req)

    def _heartbeat(self) -> None:
        while not self._stopped:
            time.sleep(self.heartbeat_ms / 1000.0 if self.heartbeat_ms > 0 else 0.05)
            if self.heartbeat_ms > 0:
                now = time.time_ns()
                self.push({"type": "heartbeat", "data": {"server_time_ns": now, "timestamp_us": now // 1000}})

    def _accept(self) -> None:
        while not self._stopped:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            conn = Conn(self, sock)
            self.conns.append(conn)  # listed before it reads: a test may push as soon as hello is answered
            conn.thread.start()

    # --- test controls --------------------------------------------------------------------------------------------

    @property
    def live(self) -> List[Conn]:
        return [c for c in self.conns if not c.closed]

    def push(self, msg: Any) -> None:
        """Sends a stream message to every live connection."""
        for c in self.live:
            c.send(msg)

    def drop_all(self) -> None:
        for c in self.live:
            c.close()

    def requests(self, mtype: str) -> List[Dict[str, Any]]:
        return [r for r in list(self.received) if r.get("type") == mtype]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("condition not reached in time")
            time.sleep(0.005)

    def stop(self) -> None:
        self._stopped = True
        self.drop_all()
        self._listener.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass
