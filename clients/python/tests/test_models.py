"""The data classes: construction from the server's data maps, derived properties, tolerance of new fields."""

from __future__ import annotations

import dataclasses
import math

import pytest

from fakeserver import book_data, common, trade_msg
from slipstream_mktdata import (
    Candle,
    DepthBand,
    Features,
    FeatureWindow,
    OrderbookDelta,
    OrderbookSnapshot,
    Quote,
    StreamStatus,
    Trade,
    typed,
)


def test_orderbook_snapshot_takes_every_field_the_server_sends() -> None:
    ob = OrderbookSnapshot(**book_data("hyperliquid", "BTC", 42, bid=100.0, ask=100.2))
    assert ob.seq == 42 and ob.epoch == 1 and ob.depth == 5 and ob.price_scale == 1 and ob.size_scale == 3
    assert ob.timestamp_us == ob.exchange_ts_ns // 1000
    assert ob.best_bid == (100.0, 1.5) and ob.best_ask == (100.2, 0.5)
    assert isinstance(ob.bids[0], tuple)
    assert ob.mid_price == pytest.approx(100.1)
    assert ob.spread_bps == pytest.approx(0.2 / 100.1 * 1e4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ob.seq = 1  # type: ignore[misc]


def test_sprint_minimal_constructor_and_empty_sides() -> None:
    ob = OrderbookSnapshot(venue="binance", symbol="BTCUSDT", timestamp_us=1, bids=[], asks=[[10.0, 1.0]])
    assert ob.best_bid is None and ob.mid_price is None and ob.spread_bps is None and ob.best_ask == (10.0, 1.0)


def test_unknown_fields_from_a_newer_server_are_ignored() -> None:
    data = {**book_data("binance", "ETHUSDT", 1), "some_v1_1_field": 123}
    assert OrderbookSnapshot(**data).symbol == "ETHUSDT"
    assert Trade(**{**trade_msg("binance", "ETHUSDT", 1)["data"], "maker_order_id": 9}).seq == 1


def test_quote_properties() -> None:
    q = Quote(**{**common("binance", "BTCUSDT", 3), "bid_price": 99.0, "bid_size": 1.0, "ask_price": 101.0,
                 "ask_size": 1.0})
    assert q.mid_price == 100.0 and q.spread_bps == pytest.approx(200.0)
    one_sided = Quote(venue="binance", symbol="BTCUSDT", bid_price=None, ask_price=101.0)
    assert one_sided.mid_price is None and one_sided.spread_bps is None


def test_candle_delta_and_status() -> None:
    c = Candle(venue="hyperliquid", symbol="BTC", interval="1m", open_time_ms=60_000, open=1, high=2, low=0.5,
               close=1.5, volume=3.0)
    assert c.timestamp == 60 and c.closed is False
    d = OrderbookDelta(**{**common("binance", "BTCUSDT", 7), "bid_changes": [[1.0, 0.0]], "ask_changes": []})
    assert d.bid_changes == [(1.0, 0.0)] and d.seq == 7
    s = StreamStatus(venue="binance", symbol="BTCUSDT", stream="trades", status="gap", detail=3)
    assert s.origin == "server" and s.detail == 3


def test_typed_maps_message_types() -> None:
    assert isinstance(typed({"type": "orderbook_update", "data": book_data("binance", "X", 1)}), OrderbookSnapshot)
    assert isinstance(typed(trade_msg("binance", "X", 1)), Trade)
    assert typed({"type": "heartbeat", "data": {"server_time_ns": 1}}) is None
    assert typed({"type": "status", "data": {"stream": "ipc", "status": "resynced", "origin": "client",
                                             "epoch_changed": False}}).status == "resynced"  # type: ignore[union-attr]


def test_features_turn_nil_into_nan_and_build_windows_and_bands() -> None:
    data = {"venue": "hyperliquid", "symbol": "BTC", "seq": 7, "epoch": 1, "receive_ts_ns": 5, "book_seq": 3,
            "trade_seq": 2, "mid": 100.05, "spread_bps": 10.0, "spread_velocity_bps_per_s": None,
            "imbalance_bps": 10.0, "depth_imbalance": 0.2, "visible_depth_bps": 40.0, "mid_age_ms": 1.5,
            "counterpart": None, "counterpart_book_seq": 0, "basis_bps": None, "counterpart_mid_age_ms": None,
            "windows": [{"window_ms": 1000, "trade_count": 0, "buy_volume": 0.0, "sell_volume": 0.0,
                         "toxicity": None, "vwap": None, "a_later_field": 1}],
            "bands": [{"band_bps": 5.0, "bid_depth": 1.5, "ask_depth": None}], "a_later_field": "x"}
    f = typed({"type": "features", "data": data})
    assert isinstance(f, Features)
    assert f.mid == 100.05 and f.counterpart is None
    assert math.isnan(f.basis_bps) and math.isnan(f.spread_velocity_bps_per_s) and math.isnan(f.counterpart_mid_age_ms)
    assert f.windows == [f.window(1000)] and f.window(60000) is None
    w = f.windows[0]
    assert isinstance(w, FeatureWindow) and w.trade_count == 0 and w.buy_volume == 0.0
    assert math.isnan(w.toxicity) and math.isnan(w.vwap) and math.isnan(w.arrival_rate)
    assert f.bands[0].bid_depth == 1.5 and math.isnan(f.bands[0].ask_depth) and isinstance(f.bands[0], DepthBand)
