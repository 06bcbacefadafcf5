"""The blocking client against the fake daemon: handshake, reply matching, errors, streaming, reconnect, gaps."""

from __future__ import annotations

import time
from typing import Any, Dict, List

import pytest

from fakeserver import FakeServer, book_data, common, trade_msg
from slipstream_mktdata import (
    ConnectionLostError,
    MarketDataClient,
    OrderbookSnapshot,
    ProtocolError,
    RequestTimeoutError,
    ServerError,
    SlowConsumerError,
    Trade,
    UnknownSymbolError,
)


def drain(client: MarketDataClient, n: int, timeout: float = 5.0) -> List[Dict[str, Any]]:
    """The next n stream messages (fails if they do not come in time)."""
    out: List[Dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while len(out) < n:
        msg = client.next_message(max(0.0, deadline - time.monotonic()))
        if msg is None:
            raise AssertionError(f"got {len(out)} of {n} messages: {out}")
        out.append(msg)
    return out


def test_hello_carries_protocol_and_options_and_ping_measures_round_trip(fake: FakeServer) -> None:
    with MarketDataClient(fake.path, client_name="brawler-7", slow_consumer="disconnect") as client:
        assert client.server_info is not None and client.server_info.epoch == 1
        rtt = client.ping()
        assert 0 < rtt < 1
    hello = fake.requests("hello")[0]
    assert hello["protocol"] == 1 and hello["client"] == "brawler-7" and hello["slow_consumer"] == "disconnect"
    assert isinstance(hello["id"], int)
    ids = [r["id"] for r in fake.received]
    assert ids == sorted(set(ids)), "request ids increase"


@pytest.mark.parametrize("protocol", [0, 2])
def test_unexpected_protocol_version_is_refused(sock_dir: str, protocol: int) -> None:
    server = FakeServer(f"{sock_dir}/p.sock", protocol=protocol)
    try:
        with pytest.raises(ProtocolError):
            MarketDataClient(server.path).connect()
    finally:
        server.stop()


def test_unsupported_protocol_error_becomes_protocol_error(fake: FakeServer) -> None:
    fake.handlers["hello"] = lambda c, r: c.error(r, "unsupported_protocol", "speaks 2..3")
    with pytest.raises(ProtocolError):
        MarketDataClient(fake.path).connect()


def test_missing_daemon_raises_connection_lost(sock_dir: str) -> None:
    with pytest.raises(ConnectionLostError):
        MarketDataClient(f"{sock_dir}/nobody.sock").connect()


def test_replies_are_matched_by_id_and_stream_messages_in_between_are_kept(fake: FakeServer) -> None:
    quote = {**common("hyperliquid", "BTC", 9), "bid_price": 100.0, "bid_size": 1.0, "ask_price": 100.5,
             "ask_size": 2.0}

    def get_quote(conn: Any, req: Dict[str, Any]) -> None:
        # Before the reply: two stream messages, a heartbeat and a reply to some other id (a late one).
        conn.send(trade_msg("hyperliquid", "BTC", 1))
        conn.send({"type": "heartbeat", "data": {"server_time_ns": 1, "timestamp_us": 0}})
        conn.send({"type": "quote", "id": req["id"] + 1000, "data": None})
        conn.send(trade_msg("hyperliquid", "BTC", 2))
        conn.reply(req, "quote", quote)

    fake.handlers["get_quote"] = get_quote
    with MarketDataClient(fake.path) as client:
        q = client.get_quote("hyperliquid", "BTC")
        assert q is not None and q.mid_price == pytest.approx(100.25)
        assert q.spread_bps == pytest.approx(0.5 / 100.25 * 1e4)
        msgs = drain(client, 2)
        assert [m["data"]["seq"] for m in msgs] == [1, 2]  # in order, heartbeat consumed, stale reply discarded
        assert client.next_message(0.05) is None


def test_null_quote_is_none(fake: FakeServer) -> None:
    fake.handlers["get_quote"] = lambda c, r: c.reply(r, "quote", None)
    with MarketDataClient(fake.path) as client:
        assert client.get_quote("binance", "BTCUSDT") is None


def test_timeout_raises_and_the_late_reply_is_discarded(fake: FakeServer) -> None:
    late: List[Dict[str, Any]] = []
    fake.handlers["get_trades"] = lambda c, r: late.append(r)  # no reply for now
    with MarketDataClient(fake.path, timeout_s=0.2) as client:
        t0 = time.monotonic()
        with pytest.raises(RequestTimeoutError):
            client.get_trades("hyperliquid", "BTC")
        assert 0.15 < time.monotonic() - t0 < 1.0
        # The reply arrives after all: it must not be mistaken for the next request's reply.
        conn = fake.live[0]
        conn.reply(late[0], "trades", {"venue": "hyperliquid", "symbol": "BTC", "trades": []})
        fake.handlers["get_trades"] = lambda c, r: c.reply(r, "trades", {
            "venue": "hyperliquid", "symbol": "BTC", "trades": [trade_msg("hyperliquid", "BTC", 5)["data"]]})
        trades = client.get_trades("hyperliquid", "BTC")
        assert len(trades) == 1 and trades[0].seq == 5 and trades[0].side == "buy"


def test_error_replies_raise_typed_exceptions_and_the_connection_carries_on(fake: FakeServer) -> None:
    fake.handlers["get_orderbook"] = lambda c, r: c.error(r, "unknown_symbol", f"no {r['symbol']}")
    fake.handlers["get_candles"] = lambda c, r: c.error(r, "bad_request", "count must be an int")
    with MarketDataClient(fake.path) as client:
        with pytest.raises(UnknownSymbolError) as e:
            client.get_orderbook("hyperliquid", "NOPE")
        assert e.value.code == "unknown_symbol" and "NOPE" in e.value.message
        with pytest.raises(ServerError) as e2:
            client.get_candles("hyperliquid", "BTC")
        assert e2.value.code == "bad_request" and not isinstance(e2.value, UnknownSymbolError)
        with pytest.raises(ServerError) as e3:
            client.get_status()  # the fake does not know get_status: unknown_type
        assert e3.value.code == "unknown_type"
        assert client.ping() > 0


def test_sprint_brawler_example_shape(fake: FakeServer) -> None:
    """The sprint's Brawler loop runs as written: msg["type"], OrderbookSnapshot(**msg["data"]), mid_price."""

    def on_subscribe(conn: Any, req: Dict[str, Any]) -> None:
        conn.send({"type": "orderbook_snapshot", "data": book_data(req["venue"], req["symbol"], 1)})

    fake.on_subscribe = on_subscribe
    client = MarketDataClient(fake.path)
    client.connect()
    a = client.subscribe_orderbook(venue="hyperliquid", symbol="BTC", depth=5)
    b = client.subscribe_orderbook(venue="binance", symbol="BTCUSDT", depth=5)
    assert a != b
    fake.push({"type": "orderbook_update", "data": book_data("hyperliquid", "BTC", 2, 100.0, 101.0)})
    fake.push({"type": "orderbook_update", "data": book_data("binance", "BTCUSDT", 2, 99.0, 100.0)})
    hl_mid = cex_mid = None
    basis = None
    seen = 0
    for msg in client.stream():
        if msg["type"] == "orderbook_update":
            ob = OrderbookSnapshot(**msg["data"])
            if ob.venue == "hyperliquid":
                hl_mid = ob.mid_price
            else:
                cex_mid = ob.mid_price
            seen += 1
            if seen == 2:
                assert hl_mid is not None and cex_mid is not None
                basis = hl_mid - cex_mid
                break
    assert basis == pytest.approx(1.0)
    client.close()


def test_stream_typed_yields_dataclasses(fake: FakeServer) -> None:
    with MarketDataClient(fake.path) as client:
        client.subscribe_trades("hyperliquid", "BTC")
        fake.push(trade_msg("hyperliquid", "BTC", 1, side="sell"))
        fake.push({"type": "heartbeat", "data": {"server_time_ns": 1, "timestamp_us": 0}})
        fake.push({"type": "some_future_type", "data": {"x": 1}})
        fake.push(trade_msg("hyperliquid", "BTC", 2))
        it = client.stream_typed()
        first, second = next(it), next(it)
        assert isinstance(first, Trade) and first.side == "sell" and first.trade_id == 1001
        assert isinstance(second, Trade) and second.seq == 2


def test_heartbeats_only_on_request(fake: FakeServer) -> None:
    with MarketDataClient(fake.path) as client:
        fake.push({"type": "heartbeat", "data": {"server_time_ns": 5, "timestamp_us": 0}})
        assert client.next_message(0.2, include_heartbeats=True)["type"] == "heartbeat"  # type: ignore[index]
        fake.push({"type": "heartbeat", "data": {"server_time_ns": 6, "timestamp_us": 0}})
        assert client.next_message(0.2) is None


def test_subscribe_candles_list_and_all(fake: FakeServer) -> None:
    with MarketDataClient(fake.path) as client:
        handles = client.subscribe_candles("hyperliquid", ["BTC", "ETH"], interval="1h")
        assert len(handles) == 2
        assert len(client.subscribe_candles("hyperliquid")) == 1
    reqs = [r for r in fake.received if r["type"].startswith("subscribe")]
    assert [(r["type"], r.get("symbol")) for r in reqs] == [
        ("subscribe_candles", "BTC"), ("subscribe_candles", "ETH"), ("subscribe_all_candles", None)]
    assert all(r["interval"] in ("1h", "4h") for r in reqs)


def test_repeated_subscription_returns_the_same_handle(fake: FakeServer) -> None:
    fake.handlers["subscribe_quote"] = lambda c, r: c.reply(r, "subscribed", {"subscription": 7, "stream": "quotes"})
    with MarketDataClient(fake.path) as client:
        assert client.subscribe_quote("binance", "BTCUSDT") == client.subscribe_quote("binance", "btcusdt")
        assert len(client.subscriptions) == 1


def test_reconnect_resubscribes_and_reports_it(fake: FakeServer) -> None:
    def on_subscribe(conn: Any, req: Dict[str, Any]) -> None:
        if req["type"] == "subscribe_orderbook":
            conn.send({"type": "orderbook_snapshot", "data": book_data(req["venue"], req["symbol"], 10)})

    fake.on_subscribe = on_subscribe
    with MarketDataClient(fake.path) as client:
        book = client.subscribe_orderbook("hyperliquid", "BTC", depth=5)
        trades = client.subscribe_trades("binance", "BTCUSDT")
        assert drain(client, 1)[0]["type"] == "orderbook_snapshot"
        fake.drop_all()
        msgs = drain(client, 3)
        assert [m["type"] for m in msgs] == ["status", "status", "orderbook_snapshot"]
        assert msgs[0]["data"]["stream"] == "ipc" and msgs[0]["data"]["status"] == "disconnected"
        assert msgs[1]["data"]["status"] == "resynced" and msgs[1]["data"]["subscriptions"] == 2
        assert msgs[1]["data"]["origin"] == "client" and not msgs[1]["data"]["epoch_changed"]
        assert len(fake.requests("hello")) == 2
        subs = [r for r in fake.received if r["type"].startswith("subscribe")]
        assert [r["type"] for r in subs] == ["subscribe_orderbook", "subscribe_trades"] * 2
        assert subs[2]["depth"] == 5 and subs[2]["mode"] == "top"
        # The handles survive the reconnect; unsubscribe sends the daemon's number on the new connection.
        assert set(client.subscriptions) == {book, trades}
        client.unsubscribe(trades)
        assert fake.requests("unsubscribe")[-1]["subscription"] == 2
        with pytest.raises(ServerError):
            client.unsubscribe(trades)


def test_request_during_a_drop_is_resent_after_reconnect(fake: FakeServer) -> None:
    calls: List[int] = []

    def get_symbols(conn: Any, req: Dict[str, Any]) -> None:
        calls.append(req["id"])
        if len(calls) == 1:
            conn.close()  # the first attempt dies with its connection
            return
        conn.reply(req, "symbols", {"symbols": [{"venue": "hyperliquid", "symbol": "BTC", "price_scale": 1,
                                                 "size_scale": 5}]})

    fake.handlers["get_symbols"] = get_symbols
    with MarketDataClient(fake.path) as client:
        assert client.get_symbols("hyperliquid") == ["BTC"]
        assert len(calls) == 2 and len(fake.requests("hello")) == 2
        kinds = [m["data"]["status"] for m in drain(client, 2)]
        assert kinds == ["disconnected", "resynced"]


def test_without_reconnect_a_drop_raises(fake: FakeServer) -> None:
    with MarketDataClient(fake.path, reconnect=False) as client:
        client.subscribe_trades("hyperliquid", "BTC")
        fake.drop_all()
        with pytest.raises(ConnectionLostError):
            for _ in client.stream():
                pass


def test_silent_daemon_is_detected_by_missing_heartbeats(sock_dir: str) -> None:
    server = FakeServer(f"{sock_dir}/hb.sock", heartbeat_ms=100)
    try:
        with MarketDataClient(server.path) as client:
            server.heartbeat_ms = 0  # the daemon hangs: no more heartbeats, the socket stays open
            t0 = time.monotonic()
            server.heartbeat_ms = 0
            msg = client.next_message(5.0)
            assert msg is not None and msg["data"]["status"] == "disconnected"
            assert "heartbeat" in msg["data"]["message"]
            assert 0.9 < time.monotonic() - t0 < 3.0  # 3 heartbeats, at least 1 s
    finally:
        server.stop()


def test_client_detects_seq_gaps_on_lossless_streams(fake: FakeServer) -> None:
    with MarketDataClient(fake.path) as client:
        client.subscribe_trades("hyperliquid", "BTC")
        for seq in (1, 2, 5, 6):
            fake.push(trade_msg("hyperliquid", "BTC", seq))
        msgs = drain(client, 5)
        assert [m["type"] for m in msgs] == ["trade", "trade", "status", "trade", "trade"]
        gap = msgs[2]["data"]
        assert gap["status"] == "gap" and gap["stream"] == "trades" and gap["detail"] == 2
        assert gap["symbol"] == "BTC" and gap["origin"] == "client"
        assert client.gaps_detected == 1


def test_server_announced_gap_is_not_counted_twice(fake: FakeServer) -> None:
    with MarketDataClient(fake.path) as client:
        fake.push(trade_msg("binance", "ETHUSDT", 10))
        fake.push({"type": "status", "data": {**common("binance", "ETHUSDT", 3), "stream": "trades", "status": "gap",
                                              "detail": 4}})
        fake.push(trade_msg("binance", "ETHUSDT", 15))
        fake.push(trade_msg("binance", "ETHUSDT", 16))
        msgs = drain(client, 4)
        assert [m["type"] for m in msgs] == ["trade", "status", "trade", "trade"]
        assert "origin" not in msgs[1]["data"]  # the server's own status, untouched
        assert client.gaps_detected == 0 and client.next_message(0.05) is None


def test_conflating_and_per_interval_streams(fake: FakeServer) -> None:
    def candle(seq: int, interval: str) -> Dict[str, Any]:
        data = common("hyperliquid", "ETH", seq)
        data.update({"interval": interval, "open_time_ms": 0, "timestamp": 0, "open": 1.0, "high": 1.0, "low": 1.0,
                     "close": 1.0, "volume": 0.0, "num_trades": 0, "closed": False, "source": "live"})
        return {"type": "candle", "data": data}

    with MarketDataClient(fake.path) as client:
        # Top-of-book updates conflate: seq jumps are normal. Candle seqs are per interval.
        fake.push({"type": "orderbook_update", "data": book_data("hyperliquid", "ETH", 1)})
        fake.push({"type": "orderbook_update", "data": book_data("hyperliquid", "ETH", 9)})
        fake.push(candle(1, "1m"))
        fake.push(candle(1, "4h"))
        fake.push(candle(1, "4h"))  # the history of a fresh subscription repeats the current seq: no gap
        fake.push(candle(2, "1m"))
        fake.push(candle(4, "4h"))
        msgs = drain(client, 8)
        gaps = [m["data"] for m in msgs if m["type"] == "status"]
        assert len(gaps) == 1 and gaps[0]["interval"] == "4h" and gaps[0]["detail"] == 2


def test_delta_book_gap_and_snapshot_rebase(fake: FakeServer) -> None:
    def delta(seq: int) -> Dict[str, Any]:
        data = common("binance", "BTCUSDT", seq)
        data.update({"bid_changes": [[99.0, 0.0]], "ask_changes": [[101.0, 2.0]]})
        return {"type": "orderbook_delta", "data": data}

    with MarketDataClient(fake.path) as client:
        fake.push({"type": "orderbook_snapshot", "data": book_data("binance", "BTCUSDT", 20)})
        fake.push(delta(21))
        fake.push(delta(23))  # lost 22
        fake.push({"type": "orderbook_snapshot", "data": book_data("binance", "BTCUSDT", 40)})
        fake.push(delta(41))
        types = [m["type"] for m in drain(client, 6)]
        assert types == ["orderbook_snapshot", "orderbook_delta", "status", "orderbook_delta", "orderbook_snapshot",
                         "orderbook_delta"]


def test_gap_across_a_reconnect_same_epoch_and_none_after_restart(fake: FakeServer) -> None:
    with MarketDataClient(fake.path) as client:
        client.subscribe_trades("hyperliquid", "BTC")
        fake.push(trade_msg("hyperliquid", "BTC", 3))
        drain(client, 1)
        fake.drop_all()
        assert [m["data"]["status"] for m in drain(client, 2)] == ["disconnected", "resynced"]
        fake.push(trade_msg("hyperliquid", "BTC", 7))  # 4, 5, 6 happened while we were away
        gap, trade = drain(client, 2)
        assert gap["data"]["status"] == "gap" and gap["data"]["detail"] == 3 and trade["data"]["seq"] == 7
        # A daemon restart (new epoch) renumbers everything: no gap can be inferred from seq.
        fake.epoch = 2
        fake.drop_all()
        msgs = drain(client, 2)
        assert msgs[1]["data"]["epoch_changed"] is True and msgs[1]["data"]["epoch"] == 2
        fake.push(trade_msg("hyperliquid", "BTC", 1, epoch=2))
        assert drain(client, 1)[0]["type"] == "trade"


def test_garbage_raises_protocol_error_then_the_client_reconnects(fake: FakeServer) -> None:
    with MarketDataClient(fake.path) as client:
        fake.live[0].send_raw(b"\xc1\xc1\xc1")
        with pytest.raises(ProtocolError):
            client.next_message(2.0)
        assert client.ping() > 0  # a fresh connection
        assert len(fake.requests("hello")) == 2


def test_non_map_messages_are_ignored(fake: FakeServer) -> None:
    with MarketDataClient(fake.path) as client:
        fake.push([1, 2, 3])
        fake.push({"no_type": True})
        fake.push(trade_msg("hyperliquid", "BTC", 1))
        assert drain(client, 1)[0]["type"] == "trade"


def test_slow_consumer_disconnect_raises(fake: FakeServer) -> None:
    with MarketDataClient(fake.path, slow_consumer="disconnect") as client:
        client.subscribe_all_trades("binance")
        fake.live[0].error(None, "slow_consumer", "queue over 8388608 bytes")
        fake.live[0].close()
        with pytest.raises(SlowConsumerError) as e:
            next(client.stream())
        assert e.value.code == "slow_consumer"
        # Streaming again reconnects and re-subscribes.
        msgs = drain(client, 1)
        assert msgs[0]["data"]["status"] == "resynced"
        assert len(fake.requests("subscribe_all_trades")) == 2


def test_context_manager_closes(fake: FakeServer) -> None:
    with MarketDataClient(fake.path) as client:
        assert client.connected
    assert not client.connected
    fake.wait_for(lambda: not fake.live)


def test_requests_connect_lazily(fake: FakeServer) -> None:
    client = MarketDataClient(fake.path)
    assert client.ping() > 0
    client.close()
