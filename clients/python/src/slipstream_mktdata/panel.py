"""pandas helpers (``pip install "slipstream-mktdata[pandas]"``)."""

from __future__ import annotations

from typing import Mapping, Sequence, Union

import numpy as np
import pandas as pd

from .candles import CandleBatch, CandleColumns
from .models import Candle

PANEL_COLUMNS = ["open", "high", "low", "close", "volume", "trades", "closed"]


def candles_to_panel(batch: Union[CandleBatch, CandleColumns, Mapping[str, Sequence[Candle]]]) -> pd.DataFrame:
    """One DataFrame of a candle batch, indexed by (symbol, open_time) with open_time a UTC datetime, columns
    open/high/low/close/volume (float64), trades (int64) and closed (bool); symbols in batch order, oldest first.

    From a columnar batch (``get_candles_batch(..., format="columns")``, the default) it is built in one step from the
    packed arrays, without a Python object per candle. Any other mapping symbol -> candles is packed first.
    """
    if isinstance(batch, CandleColumns):
        cols = batch
    elif isinstance(batch, CandleBatch):
        cols = batch.columns
    else:
        first = next(iter(batch.values()), [])
        cols = CandleColumns.from_candles(first[0].venue if first else "", first[0].interval if first else "", batch)
    counts = np.asarray(cols.counts, dtype=np.int64)
    # Codes into the symbol level instead of an object array of 220k strings: the MultiIndex needs no factorising.
    symbol_codes = np.repeat(np.arange(len(cols.symbols), dtype=np.int64), counts)
    open_time = pd.DatetimeIndex(np.asarray(cols.open_time_ms, dtype=np.int64).astype("datetime64[ms]"),
                                 name="open_time").tz_localize("UTC")
    time_codes, time_levels = pd.factorize(open_time, sort=True)
    index = pd.MultiIndex(levels=[pd.Index(cols.symbols, dtype=object), time_levels],
                          codes=[symbol_codes, time_codes], names=["symbol", "open_time"], verify_integrity=False)  # type: ignore[list-item]
    return pd.DataFrame(
        {
            "open": np.array(cols.open, dtype=np.float64),
            "high": np.array(cols.high, dtype=np.float64),
            "low": np.array(cols.low, dtype=np.float64),
            "close": np.array(cols.close, dtype=np.float64),
            "volume": np.array(cols.volume, dtype=np.float64),
            "trades": np.array(cols.trades, dtype=np.int64),
            "closed": np.asarray(cols.closed, dtype=np.uint8).astype(bool),
        },
        index=index,
        columns=PANEL_COLUMNS,
    )


__all__ = ["candles_to_panel", "PANEL_COLUMNS"]
