"""The asyncio client against the fake daemon."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest

from fakeserver import FakeServer, book_data, trade_msg
from slipstream_mktdata import OrderbookSnapshot, RequestTimeoutError, UnknownSymbolError
from slipstream_mktdata.aio import AsyncMarketDataClient


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 20))


async def take(client: AsyncMarketDataClient, n: int) -> List[Dict[str, Any]]:
    out = []
    async for msg in client.stream():
        out.append(msg)
        if len(out) == n:
            break
    return out


def test_requests_streams_and_errors(fake: FakeServer) -> None:
    def get_orderbook(conn: Any, req: Dict[str, Any]) -> None:
        if req["symbol"] == "NOPE":
            conn.error(req, "unknown_symbol", "NOPE")
            return
        conn.send(trade_msg("hyperliquid", "BTC", 1))  # interleaved before the reply
        conn.reply(req, "orderbook_snapshot", book_data(req["venue"], req["symbol"], 5))

    fake.handlers["get_orderbook"] = get_orderbook
    fake.on_subscribe = lambda c, r: c.send({"type": "orderbook_snapshot", "data": book_data(r["venue"], r["symbol"], 1)})

    async def main() -> None:
        async with AsyncMarketDataClient(fake.path, client_name="aio") as client:
            assert await client.ping() > 0
            # Concurrent requests on one client are matched by id.
            a, b = await asyncio.gather(client.get_orderbook("hyperliquid", "BTC"),
                                        client.get_latest_orderbook("binance", "BTCUSDT"))
            assert a is not None and a.symbol == "BTC" and b is not None and b.venue == "binance"
            with pytest.raises(UnknownSymbolError):
                await client.get_orderbook("hyperliquid", "NOPE")
            sub = await client.subscribe_orderbook("hyperliquid", "ETH", depth=5)
            assert isinstance(sub, int)
            fake.push({"type": "orderbook_update", "data": book_data("hyperliquid", "ETH", 2)})
            msgs = await take(client, 4)
            assert [m["type"] for m in msgs] == ["trade", "trade", "orderbook_snapshot", "orderbook_update"]
            assert OrderbookSnapshot(**msgs[-1]["data"]).mid_price == pytest.approx(100.5)
            await client.unsubscribe(sub)

    run(main())


def test_timeout(fake: FakeServer) -> None:
    fake.handlers["get_trades"] = lambda c, r: None

    async def main() -> None:
        async with AsyncMarketDataClient(fake.path, timeout_s=0.2) as client:
            with pytest.raises(RequestTimeoutError):
                await client.get_trades("binance", "BTCUSDT")
            assert await client.ping() > 0

    run(main())


def test_reconnect_resubscribes_and_resends_pending_requests(fake: FakeServer) -> None:
    calls: List[int] = []

    def get_status(conn: Any, req: Dict[str, Any]) -> None:
        calls.append(req["id"])
        if len(calls) == 1:
            conn.close()
            return
        conn.reply(req, "status_report", {"streams": [{"venue": "binance", "symbol": "BTCUSDT", "stream": "book",
                                                       "interval": None, "status": "live", "last_receive_ns": 1,
                                                       "age_ms": 3}]})

    fake.handlers["get_status"] = get_status

    async def main() -> None:
        async with AsyncMarketDataClient(fake.path) as client:
            await client.subscribe_trades("hyperliquid", "BTC")
            fake.push(trade_msg("hyperliquid", "BTC", 1))
            assert (await take(client, 1))[0]["data"]["seq"] == 1
            status = await client.get_status()
            assert status[0].status == "live" and status[0].age_ms == 3
            fake.push(trade_msg("hyperliquid", "BTC", 4))
            msgs = await take(client, 4)
            assert [(m["type"], m["data"].get("status")) for m in msgs] == [
                ("status", "disconnected"), ("status", "resynced"), ("status", "gap"), ("trade", None)]
            assert msgs[2]["data"]["detail"] == 2 and client.gaps_detected == 1
            assert len(fake.requests("subscribe_trades")) == 2

    run(main())


def test_stream_typed(fake: FakeServer) -> None:
    async def main() -> None:
        async with AsyncMarketDataClient(fake.path) as client:
            await client.subscribe_all_trades("binance")
            fake.push(trade_msg("binance", "ETHUSDT", 1, side="sell"))
            async for t in client.stream_typed():
                assert t.side == "sell"  # type: ignore[union-attr]
                break

    run(main())
