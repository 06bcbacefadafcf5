"""The features three ways on one recorded session: live (the rows the engine published, as the recorder wrote them),
DuckDB SQL (recorder/src/main/resources/sql/features.sql over the recorded trades and l2delta) and pandas
(slipstream_mktdata.compute_features over the same rows). They must agree for every row of BTC and ETH on both venues,
every field, within a relative 1e-9 (NaN and null equal).

The SQL and Python are the snippets of docs/features.md ("Offline"), run exactly as written but for the data root.
"""

from __future__ import annotations

import glob
import math
import os
import re
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

import duckdb
import pandas as pd
import pytest

import procs
from procs import start_demo

DOC = procs.ROOT / "docs" / "features.md"
SQL_FILE = procs.ROOT / "recorder" / "src" / "main" / "resources" / "sql" / "features.sql"
SYMBOLS = ["BTC", "BTCUSDT", "ETH", "ETHUSDT"]
KEY = ["epoch", "venue", "symbol", "receive_time"]
# Recomputed fields; exchange_time and seq are the triggering event's and the features stream's, not recomputed.
SCALARS = ["book_seq", "trade_seq", "mid", "spread_bps", "spread_velocity_bps_per_s", "imbalance_bps",
           "depth_imbalance", "visible_depth_bps", "mid_age_ms", "counterpart", "counterpart_book_seq", "basis_bps",
           "counterpart_mid_age_ms"]
REL = 1e-9


def doc_snippet(name: str, language: str) -> str:
    """The ``language`` block right after ``<!-- snippet: NAME -->`` in docs/features.md."""
    match = re.search(r"<!-- snippet: " + name + r" -->\s*```" + language + r"\n(.*?)```", DOC.read_text(),
                      re.DOTALL)
    assert match, f"no {language} snippet {name!r} in {DOC}"
    return match.group(1)


def _files(root: Path, table: str) -> List[str]:
    return glob.glob(str(root / table / "**" / "*.parquet"), recursive=True)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A recorded demo session (both venues, trades, book deltas, features), finished and flushed."""
    if os.environ.get("SLIPSTREAM_SKIP_DAEMON_TESTS"):
        pytest.skip("SLIPSTREAM_SKIP_DAEMON_TESTS is set")
    tmp = tmp_path_factory.mktemp("offline")
    demo = start_demo(str(tmp / "demo.sock"), seconds=15, record_dir=str(tmp / "record"))
    try:
        demo.wait_for(r"recorder: pid \d+")
        demo.proc.wait(90)
    finally:
        demo.stop()
    data = tmp / "record" / "data"
    for table in ("trades", "l2delta", "features"):
        assert _files(data, table), f"no {table} recorded:\n{demo.tail()}"
    return data


def _live(data: Path) -> pd.DataFrame:
    con = duckdb.connect()
    live = con.sql(f"SELECT * FROM read_parquet('{data}/features/**/*.parquet', union_by_name = true)"
                   f" WHERE symbol IN {tuple(SYMBOLS)}").df()
    return live.sort_values(KEY, kind="stable").reset_index(drop=True)


def _sql(data: Path) -> pd.DataFrame:
    con = duckdb.connect()
    result = None
    for statement in doc_snippet("offline_sql", "sql").replace("/data/live", str(data)).split(";"):
        lines = [line for line in statement.strip().splitlines() if not line.startswith("--")]
        if lines and lines[0].startswith(".read "):
            # The DuckDB CLI's .read, done by hand: the macros file as it is in the repository.
            assert (procs.ROOT / lines[0].split()[1]).resolve() == SQL_FILE.resolve()
            con.execute(SQL_FILE.read_text())
            lines = lines[1:]
        if lines:
            result = con.sql("\n".join(lines))
    return result.df().sort_values(KEY, kind="stable").reset_index(drop=True)


def _python(data: Path) -> pd.DataFrame:
    namespace: Dict[str, Any] = {}
    exec(doc_snippet("offline_python", "python").replace("/data/live", str(data)), namespace)
    return namespace["offline"].sort_values(KEY, kind="stable").reset_index(drop=True)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _agree(expected: Any, actual: Any) -> Tuple[bool, bool]:
    """(within tolerance, bit for bit)."""
    if _missing(expected) or _missing(actual):
        return _missing(expected) and _missing(actual), _missing(expected) and _missing(actual)
    if isinstance(expected, str) or isinstance(actual, str):
        return expected == actual, expected == actual
    expected, actual = float(expected), float(actual)
    return math.isclose(expected, actual, rel_tol=REL, abs_tol=0.0), expected == actual


def _fields(row: pd.Series) -> Dict[str, Any]:
    """Every compared field of a row, windows and bands flattened (``windows[1000].vwap``)."""
    fields = {name: row[name] for name in SCALARS}
    for window in row["windows"]:
        for name, value in window.items():
            fields[f"windows[{window['window_ms']}].{name}"] = value
    for band in row["bands"]:
        for name, value in band.items():
            fields[f"bands[{band['band_bps']:g}].{name}"] = value
    return fields


def test_live_sql_and_python_features_agree_on_a_recorded_session(session: Path) -> None:
    live = _live(session)
    started = time.monotonic()
    sql = _sql(session)
    sql_s = time.monotonic() - started
    started = time.monotonic()
    python = _python(session)
    python_s = time.monotonic() - started

    # The same evaluation points, in the same order, for every compared symbol on both venues.
    assert set(live["symbol"]) == set(SYMBOLS), set(live["symbol"])
    assert live.groupby("symbol").size().min() >= 8, live.groupby("symbol").size()
    for other in (sql, python):
        assert len(other) == len(live)
        assert (other[KEY].to_numpy() == live[KEY].to_numpy()).all()
    # Not a vacuous comparison: books on both sides, trades in the windows, a basis.
    assert live["mid"].notna().sum() > len(live) // 2
    assert live["basis_bps"].notna().sum() > 0
    assert live["windows"].map(lambda w: w[-1]["trade_count"]).sum() > 100

    compared = exact = 0
    disagreements: List[str] = []
    for i in range(len(live)):
        want = _fields(live.iloc[i])
        for name, other in (("sql", sql), ("python", python)):
            got = _fields(other.iloc[i])
            assert got.keys() == want.keys(), (name, i, set(got) ^ set(want))
            for field, value in want.items():
                close, same = _agree(value, got[field])
                compared += 1
                exact += same
                if not close:
                    disagreements.append(f"{name} row {i} {live['symbol'][i]} {field}: live {value!r}, "
                                         f"{name} {got[field]!r}")
    assert not disagreements, "\n".join(disagreements[:30])
    print(f"\nfeatures: {len(live)} rows ({dict(live.groupby('symbol').size())}), {compared} values compared "
          f"(live vs SQL and vs Python), {exact} bit for bit; SQL {sql_s:.2f} s, Python {python_s:.2f} s")
