"""The order-flow features of docs/features.md, recomputed with pandas/numpy from the recorder's Parquet.

    import pandas as pd
    from slipstream_mktdata import compute_features

    trades = pd.read_parquet("/data/live/trades")
    l2delta = pd.read_parquet("/data/live/l2delta")      # record_deltas = true, the symbols and their counterparts
    points = pd.read_parquet("/data/live/features")      # or any evaluation points (columns below)
    offline = compute_features(trades, l2delta, points)  # same columns as the features table

Evaluation points need ``epoch, venue, symbol, receive_time`` (the features' time ``t``), ``book_seq``,
``trade_seq``, ``counterpart`` (symbol on the other venue or None) and ``counterpart_book_seq``. The book at a
sequence is rebuilt exactly: per (side, price) the size of the last delta row with ``seq <= book_seq``, a level being
present if that size is > 0. Sums run in the engine's order (trades oldest first, levels best first, a left fold from
0), so the values are the engine's bit for bit. Everything is numpy over whole arrays; the only Python loops are over
(epoch, venue, symbol) groups, windows, bands and chunks of points (memory is points x levels or points x trades per
chunk, bounded by ``_CELLS``). Needs pandas and numpy (the ``pandas`` extra).
"""

from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

try:
    import numpy as np
    import pandas as pd
except ImportError:  # pragma: no cover - the optional extra is missing: the package still imports
    np = pd = None  # type: ignore[assignment]

__all__ = ["compute_features", "DEFAULT_WINDOWS_MS", "DEFAULT_BANDS_BPS", "DEFAULT_IMBALANCE_BPS"]

DEFAULT_WINDOWS_MS: Tuple[int, ...] = (1000, 10000, 60000)
DEFAULT_BANDS_BPS: Tuple[float, ...] = (5.0, 10.0, 25.0, 50.0, 100.0)
DEFAULT_IMBALANCE_BPS = 10.0

WINDOW_FIELDS = ("window_ms", "trade_count", "buy_volume", "sell_volume", "buy_notional", "sell_notional",
                 "signed_notional", "toxicity", "aggressor_imbalance", "arrival_rate", "vwap", "vwap_deviation_bps")
BAND_FIELDS = ("band_bps", "bid_depth", "ask_depth")

_BPS = 10000.0
# Cells (points x levels, points x trades) of one chunk's dense matrix: bounds memory to a few tens of MB.
_CELLS = 1 << 22
_OTHER_VENUE = {"hyperliquid": "binance", "binance": "hyperliquid"}


def _ns(column: pd.Series) -> np.ndarray:
    """Timestamps (naive UTC or tz-aware) as int64 epoch nanoseconds."""
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_convert("UTC").dt.tz_localize(None)
    return column.astype("datetime64[ns]").to_numpy().view("int64")


def _ordered_sums(matrix: np.ndarray) -> np.ndarray:
    """Row sums, left to right from 0, as the engine's loops (cumsum is sequential; sum() would be pairwise)."""
    if matrix.shape[1] == 0:
        return np.zeros(matrix.shape[0])
    return np.cumsum(matrix, axis=1)[:, -1] + 0.0


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1.0), np.nan)


def _chunks(rows: int, width: int):
    step = max(1, _CELLS // max(1, width))
    for start in range(0, rows, step):
        yield slice(start, min(rows, start + step))


class _Book:
    """The levels of one (epoch, venue, symbol) from its delta rows, queried as of sequences."""

    def __init__(self, deltas: pd.DataFrame) -> None:
        self.delta_seq = np.sort(deltas["seq"].to_numpy(dtype=np.int64))
        order = np.argsort(deltas["seq"].to_numpy(dtype=np.int64), kind="stable")
        self.delta_rcv = _ns(deltas["receive_time"]).take(order)
        sides = []
        for column, is_bid in (("bids", True), ("asks", False)):
            exploded = deltas[["seq", column]].explode(column).dropna(subset=[column])
            levels = pd.DataFrame(exploded[column].tolist(), columns=["price", "size"])
            levels["seq"] = exploded["seq"].to_numpy(dtype=np.int64)
            levels["is_bid"] = is_bid
            sides.append(levels)
        levels = pd.concat(sides, ignore_index=True)
        # Columns of the dense book: bids best (highest) first, then asks best (lowest) first.
        keys = levels[["is_bid", "price"]].drop_duplicates()
        bid_prices = np.sort(keys.loc[keys["is_bid"], "price"].to_numpy(dtype=float))[::-1]
        ask_prices = np.sort(keys.loc[~keys["is_bid"], "price"].to_numpy(dtype=float))
        self.bid_count = len(bid_prices)
        self.prices = np.concatenate([bid_prices, ask_prices])
        bid_index = pd.Index(bid_prices)
        ask_index = pd.Index(ask_prices)
        kid = np.where(levels["is_bid"].to_numpy(),
                       bid_index.get_indexer(levels["price"].to_numpy(dtype=float)),
                       self.bid_count + ask_index.get_indexer(levels["price"].to_numpy(dtype=float)))
        seq = levels["seq"].to_numpy(dtype=np.int64)
        order = np.lexsort((seq, kid))
        self.kid = kid[order]
        self.seq = seq[order]
        self.size = levels["size"].to_numpy(dtype=float)[order]

    def sizes_at(self, book_seq: np.ndarray) -> np.ndarray:
        """points x columns: each level's size as of each sequence (0 if absent)."""
        columns = len(self.prices)
        if columns == 0:
            return np.zeros((len(book_seq), 0))
        # The last change of each column at or before the sequence: one searchsorted over (column, seq) pairs.
        big = np.int64(max(int(self.seq.max()), int(book_seq.max(initial=0))) + 2)
        combined = self.kid.astype(np.int64) * big + self.seq
        wanted = np.arange(columns, dtype=np.int64)[None, :] * big + book_seq.astype(np.int64)[:, None]
        at = np.searchsorted(combined, wanted, side="right") - 1
        found = (at >= 0) & (self.kid[np.clip(at, 0, None)] == np.arange(columns)[None, :])
        sizes = np.where(found, self.size[np.clip(at, 0, None)], 0.0)
        return np.where(sizes > 0, sizes, 0.0)

    def update_time_ns(self, book_seq: np.ndarray) -> np.ndarray:
        """Receive time of the delta with exactly this sequence (the book's last update), -1 if none."""
        at = np.searchsorted(self.delta_seq, book_seq)
        ok = (at < len(self.delta_seq)) & (self.delta_seq[np.clip(at, 0, len(self.delta_seq) - 1)] == book_seq)
        return np.where(ok, self.delta_rcv[np.clip(at, 0, len(self.delta_seq) - 1)], -1)

    def top(self, sizes: np.ndarray) -> Dict[str, np.ndarray]:
        """Best and worst prices of each row of :meth:`sizes_at` (NaN for an empty side) and the mid."""
        result = {}
        for side, cols in (("bid", slice(0, self.bid_count)), ("ask", slice(self.bid_count, len(self.prices)))):
            present = sizes[:, cols] > 0
            prices = self.prices[cols]
            anything = present.any(axis=1)
            first = np.argmax(present, axis=1)
            last = present.shape[1] - 1 - np.argmax(present[:, ::-1], axis=1)
            result["best_" + side] = np.where(anything, prices[np.clip(first, 0, None)] if len(prices) else np.nan,
                                              np.nan)
            result["worst_" + side] = np.where(anything, prices[np.clip(last, 0, None)] if len(prices) else np.nan,
                                               np.nan)
        result["mid"] = (result["best_bid"] + result["best_ask"]) / 2
        return result

    def depth(self, sizes: np.ndarray, mid: np.ndarray, bps: float) -> Tuple[np.ndarray, np.ndarray]:
        """Bid and ask size within ``bps`` of mid, best level first (NaN without a mid)."""
        with np.errstate(invalid="ignore"):
            bid_in = self.prices[None, :self.bid_count] >= (mid * (1 - bps / _BPS))[:, None]
            ask_in = self.prices[None, self.bid_count:] <= (mid * (1 + bps / _BPS))[:, None]
        bid = _ordered_sums(np.where(bid_in, sizes[:, :self.bid_count], 0.0))
        ask = _ordered_sums(np.where(ask_in, sizes[:, self.bid_count:], 0.0))
        defined = ~np.isnan(mid)
        return np.where(defined, bid, np.nan), np.where(defined, ask, np.nan)


def _window_sums(trades: pd.DataFrame, t_ns: np.ndarray, trade_seq: np.ndarray,
                 window_ms: int) -> Dict[str, np.ndarray]:
    """The window's counts and ordered sums for each point of one (epoch, venue, symbol)."""
    n = len(t_ns)
    out = {k: np.zeros(n) for k in ("buy_volume", "sell_volume", "buy_notional", "sell_notional", "volume",
                                     "notional")}
    out["trade_count"] = np.zeros(n, dtype=np.int64)
    if len(trades) == 0 or n == 0:
        return out
    seq = trades["seq"].to_numpy(dtype=np.int64)
    rcv = _ns(trades["receive_time"])
    price = trades["price"].to_numpy(dtype=float)
    size = trades["size"].to_numpy(dtype=float)
    side = trades["side"].to_numpy(dtype=object)
    buy = side == "buy"
    sell = side == "sell"
    live = (trades["flags"].to_numpy(dtype=np.int64) & 1) == 0
    notional = price * size
    start_ns = t_ns - window_ms * 1_000_000
    hi = np.searchsorted(seq, trade_seq, side="right")
    # Trades before lo were all received at or before t - W (receive times are not assumed monotone).
    lo = np.minimum(np.searchsorted(np.maximum.accumulate(rcv), start_ns, side="right"), hi)
    width = int((hi - lo).max(initial=0))
    for rows in _chunks(n, width):
        offsets = np.arange(width)[None, :]
        index = lo[rows, None] + offsets
        valid = index < hi[rows, None]
        index = np.where(valid, index, 0)
        inside = valid & live[index] & (rcv[index] > start_ns[rows, None]) & (rcv[index] <= t_ns[rows, None])
        out["trade_count"][rows] = inside.sum(axis=1)
        for name, values, mask in (("buy_volume", size, buy), ("sell_volume", size, sell),
                                   ("buy_notional", notional, buy), ("sell_notional", notional, sell),
                                   ("volume", size, None), ("notional", notional, None)):
            keep = inside if mask is None else inside & mask[index]
            out[name][rows] = _ordered_sums(np.where(keep, values[index], 0.0))
    return out


def compute_features(trades: pd.DataFrame, l2delta: pd.DataFrame, points: pd.DataFrame,
                     windows_ms: Sequence[int] = DEFAULT_WINDOWS_MS,
                     bands_bps: Sequence[float] = DEFAULT_BANDS_BPS,
                     imbalance_bps: float = DEFAULT_IMBALANCE_BPS) -> pd.DataFrame:
    """The features at each evaluation point, from recorded trades and book deltas.

    :param trades: recorded ``trades`` rows (epoch, venue, symbol, seq, receive_time, price, size, side, flags)
    :param l2delta: recorded ``l2delta`` rows (epoch, venue, symbol, seq, receive_time, bids, asks) of the points'
        symbols and of their counterparts
    :param points: evaluation points (epoch, venue, symbol, receive_time, book_seq, trade_seq, counterpart,
        counterpart_book_seq), e.g. the recorded ``features`` rows
    :return: one row per point, in the points' order: the features table's columns (``windows`` and ``bands`` as
        lists of dicts, NaN where undefined)
    """
    if pd is None:
        raise ImportError("compute_features needs pandas and numpy: pip install 'slipstream-mktdata[pandas]'")
    windows_ms = [int(w) for w in windows_ms]
    bands_bps = [float(b) for b in bands_bps]
    n = len(points)
    t_ns = _ns(points["receive_time"])
    book_seq = points["book_seq"].to_numpy(dtype=np.int64)
    trade_seq = points["trade_seq"].to_numpy(dtype=np.int64)
    counterpart = points["counterpart"].to_numpy(dtype=object)
    cp_seq = points["counterpart_book_seq"].fillna(0).to_numpy(dtype=np.int64)
    nan = lambda: np.full(n, np.nan)  # noqa: E731
    col: Dict[str, np.ndarray] = {k: nan() for k in ("mid", "spread_bps", "depth_imbalance", "visible_depth_bps",
                                                      "mid_age_ms", "basis_bps", "counterpart_mid_age_ms")}
    cp_mid = nan()
    cp_rcv = np.full(n, -1, dtype=np.int64)
    band_values = {(b, f): nan() for b in range(len(bands_bps)) for f in ("bid_depth", "ask_depth")}
    flows = {w: {} for w in range(len(windows_ms))}

    deltas_by = dict(tuple(l2delta.groupby(["epoch", "venue", "symbol"], sort=False)))
    trades_by = dict(tuple(trades.sort_values(["epoch", "venue", "symbol", "seq"], kind="stable")
                           .groupby(["epoch", "venue", "symbol"], sort=False)))
    keys = pd.DataFrame({"epoch": points["epoch"].to_numpy(), "venue": points["venue"].to_numpy(),
                         "symbol": points["symbol"].to_numpy(), "counterpart": counterpart,
                         "cp_venue": points["venue"].map(_OTHER_VENUE).to_numpy()})
    own_groups = keys.groupby(["epoch", "venue", "symbol"], sort=False).indices
    cp_groups = keys.groupby(["epoch", "cp_venue", "counterpart"], sort=False).indices

    empty_deltas = l2delta.iloc[0:0]
    for key in set(own_groups) | set(cp_groups):
        deltas = deltas_by.get(key, empty_deltas)
        book = _Book(deltas) if len(deltas) else None
        own = own_groups.get(key, np.array([], dtype=np.int64))
        if len(own):
            if book is not None:
                rcv = book.update_time_ns(book_seq[own])
                col["mid_age_ms"][own] = np.where(rcv >= 0, (t_ns[own] - rcv) / 1e6, np.nan)
                for rows in _chunks(len(own), len(book.prices)):
                    at = own[rows]
                    sizes = book.sizes_at(book_seq[at])
                    top = book.top(sizes)
                    mid = top["mid"]
                    col["mid"][at] = mid
                    with np.errstate(invalid="ignore", divide="ignore"):
                        col["spread_bps"][at] = _BPS * (top["best_ask"] - top["best_bid"]) / mid
                        col["visible_depth_bps"][at] = np.minimum(_BPS * (mid - top["worst_bid"]) / mid,
                                                                  _BPS * (top["worst_ask"] - mid) / mid)
                    bid, ask = book.depth(sizes, mid, float(imbalance_bps))
                    col["depth_imbalance"][at] = _ratio(bid - ask, bid + ask)
                    for b, bps in enumerate(bands_bps):
                        bid, ask = book.depth(sizes, mid, bps)
                        band_values[(b, "bid_depth")][at] = bid
                        band_values[(b, "ask_depth")][at] = ask
            group_trades = trades_by.get(key, trades.iloc[0:0])
            for w, ms in enumerate(windows_ms):
                sums = _window_sums(group_trades, t_ns[own], trade_seq[own], ms)
                for name, values in sums.items():
                    flows[w].setdefault(name, np.zeros(n, dtype=values.dtype))[own] = values
        counter = cp_groups.get(key, np.array([], dtype=np.int64))
        if len(counter) and book is not None:
            cp_rcv[counter] = book.update_time_ns(cp_seq[counter])
            for rows in _chunks(len(counter), len(book.prices)):
                at = counter[rows]
                cp_mid[at] = book.top(book.sizes_at(cp_seq[at]))["mid"]

    mid = col["mid"]
    with np.errstate(invalid="ignore", divide="ignore"):
        col["basis_bps"] = _BPS * (mid - cp_mid) / cp_mid
    both = ~np.isnan(mid) & ~np.isnan(cp_mid) & (cp_rcv >= 0)
    col["counterpart_mid_age_ms"] = np.where(both, (t_ns - cp_rcv) / 1e6, np.nan)

    # Spread velocity: against the previous point of the same (epoch, venue, symbol), by time.
    group = keys.groupby(["epoch", "venue", "symbol"], sort=False).ngroup().to_numpy()
    order = np.lexsort((t_ns, group))
    has_previous = np.zeros(n, dtype=bool)
    has_previous[order[1:]] = group[order[1:]] == group[order[:-1]]
    previous = np.zeros(n, dtype=np.int64)
    previous[order[1:]] = order[:-1]
    # Integer nanoseconds subtracted first, as the engine does (a float64 of an epoch-ns time loses digits).
    elapsed_ns = t_ns - t_ns[previous]
    with np.errstate(invalid="ignore", divide="ignore"):
        velocity = (col["spread_bps"] - col["spread_bps"][previous]) / (elapsed_ns / 1e9)
    spread_velocity = np.where(has_previous & (elapsed_ns > 0), velocity, np.nan)

    window_columns: List[Dict[str, np.ndarray]] = []
    for w, ms in enumerate(windows_ms):
        f = flows[w] or {k: np.zeros(n) for k in ("buy_volume", "sell_volume", "buy_notional", "sell_notional",
                                                  "volume", "notional")}
        count = f.get("trade_count", np.zeros(n, dtype=np.int64)).astype(np.int64)
        signed = f["buy_notional"] - f["sell_notional"]
        vwap = _ratio(f["notional"], f["volume"])
        with np.errstate(invalid="ignore", divide="ignore"):
            deviation = _BPS * (mid - vwap) / vwap
        window_columns.append({
            "window_ms": np.full(n, ms, dtype=np.int64), "trade_count": count,
            "buy_volume": f["buy_volume"], "sell_volume": f["sell_volume"],
            "buy_notional": f["buy_notional"], "sell_notional": f["sell_notional"],
            "signed_notional": signed,
            "toxicity": _ratio(np.abs(signed), f["buy_notional"] + f["sell_notional"]),
            "aggressor_imbalance": _ratio(f["buy_volume"] - f["sell_volume"], f["buy_volume"] + f["sell_volume"]),
            "arrival_rate": count / (ms / 1e3), "vwap": vwap, "vwap_deviation_bps": deviation})

    # Output formatting only: the lists of dicts the Parquet table reads back as.
    windows = [[{k: c[k][i].item() for k in WINDOW_FIELDS} for c in window_columns] for i in range(n)]
    bands = [[{"band_bps": bps, "bid_depth": band_values[(b, "bid_depth")][i].item(),
               "ask_depth": band_values[(b, "ask_depth")][i].item()} for b, bps in enumerate(bands_bps)]
             for i in range(n)]
    return pd.DataFrame({
        "receive_time": points["receive_time"].to_numpy(), "venue": points["venue"].to_numpy(),
        "symbol": points["symbol"].to_numpy(), "epoch": points["epoch"].to_numpy(),
        "book_seq": book_seq, "trade_seq": trade_seq, "mid": mid, "spread_bps": col["spread_bps"],
        "spread_velocity_bps_per_s": spread_velocity, "imbalance_bps": np.full(n, float(imbalance_bps)),
        "depth_imbalance": col["depth_imbalance"], "visible_depth_bps": col["visible_depth_bps"],
        "mid_age_ms": col["mid_age_ms"], "counterpart": counterpart,
        "counterpart_book_seq": points["counterpart_book_seq"].to_numpy(),
        "basis_bps": col["basis_bps"], "counterpart_mid_age_ms": col["counterpart_mid_age_ms"],
        "windows": windows, "bands": bands}, index=points.index)
