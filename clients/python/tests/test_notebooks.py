"""The notebooks of examples/notebooks, executed cell by cell on this venv's kernel against a short demo recording,
so that they never rot: any cell that raises (a query on a renamed column, an assertion on the data) fails the test.

``features.ipynb`` reads the recorder's ``features`` table. It runs against the recording once the recorder writes
that table, and against a table laid out by the features contract (written here) in any case."""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest

import procs

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
duckdb = pytest.importorskip("duckdb")

NOTEBOOKS = procs.ROOT / "examples" / "notebooks"
RECORDED_TABLES = ("trades", "l2book", "candles")
RECORD_SECONDS = 20


def recorder_writes(table: str) -> bool:
    """Whether the recorder's source declares ``table`` (read, not run)."""
    source = procs.ROOT / "recorder" / "src" / "main" / "java" / "io" / "slipstream" / "mktdata" / "recorder"
    return (source / "Table.java").is_file() and f'("{table}"' in (source / "Table.java").read_text()


def _parts(data: Path, table: str) -> list:
    return glob.glob(str(data / table / "**" / "*.parquet"), recursive=True)


@pytest.fixture(scope="module")
def recording() -> Iterator[Path]:
    """``demo --record DIR`` for about RECORD_SECONDS once the recorder has written its first files; yields DIR/data."""
    if os.environ.get("SLIPSTREAM_SKIP_DAEMON_TESTS") == "1":
        pytest.skip("SLIPSTREAM_SKIP_DAEMON_TESTS=1")
    tmp = Path(tempfile.mkdtemp(prefix="ssmd-nb-"))
    demo = procs.start_demo(str(tmp / "demo.sock"), seconds=120, symbols=2, record_dir=str(tmp / "record"))
    data = tmp / "record" / "data"
    try:
        demo.wait_for(r"recorder: pid \d+")
        deadline = time.monotonic() + 60
        tables = RECORDED_TABLES + (("features",) if recorder_writes("features") else ())
        while not all(_parts(data, t) for t in tables):
            assert time.monotonic() < deadline, f"no Parquet of {tables} under {data}:\n{demo.tail()}"
            time.sleep(0.5)
        time.sleep(RECORD_SECONDS)
    finally:
        demo.stop()
    yield data
    shutil.rmtree(tmp, ignore_errors=True)


def execute(name: str, data: Path) -> "nbformat.NotebookNode":
    """Runs every cell of the notebook with SLIPSTREAM_DATA=data; a cell that raises fails with its traceback."""
    notebook = nbformat.read(str(NOTEBOOKS / name), as_version=4)
    previous = os.environ.get("SLIPSTREAM_DATA")
    os.environ["SLIPSTREAM_DATA"] = str(data)  # the kernel inherits this process's environment
    try:
        nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3",
                                resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    finally:
        if previous is None:
            del os.environ["SLIPSTREAM_DATA"]
        else:
            os.environ["SLIPSTREAM_DATA"] = previous
    return notebook


def plots(notebook: "nbformat.NotebookNode") -> int:
    return sum(1 for cell in notebook.cells for out in cell.get("outputs", [])
               if "image/png" in out.get("data", {}))


def test_recorded_data_notebook_runs_on_a_demo_recording(recording: Path) -> None:
    notebook = execute("recorded_data.ipynb", recording)
    assert plots(notebook) == 5


def test_features_notebook_runs_on_the_recorded_features_table(recording: Path) -> None:
    if not recorder_writes("features"):
        pytest.skip("the recorder does not write the features table yet (recorder/.../Table.java has no "
                    "\"features\"): features.ipynb runs on the recording once it does")
    notebook = execute("features.ipynb", recording)
    assert plots(notebook) == 4


def test_features_notebook_fails_loudly_without_the_features_table(tmp_path: Path) -> None:
    (tmp_path / "trades").mkdir()
    with pytest.raises(nbclient.exceptions.CellExecutionError, match="no 'features' table under"):
        execute("features.ipynb", tmp_path)


def test_features_notebook_runs_on_a_table_laid_out_by_the_features_contract(tmp_path: Path) -> None:
    write_contract_features(tmp_path)
    notebook = execute("features.ipynb", tmp_path)
    assert plots(notebook) == 4


def write_contract_features(root: Path, rows: int = 60) -> None:
    """A ``features`` table exactly as the features contract lays it out (features/<venue>/<date>/part-*.parquet;
    the scalars; windows and bands as LIST of STRUCT in config order), with made-up but well-formed values: BTC on
    Hyperliquid against BTCUSDT on Binance, one row a second, the last rows without trades (null windows)."""
    windows = ", ".join(f"""{{'window_ms': {w}::BIGINT, 'trade_count': (i % 7)::BIGINT,
        'buy_volume': 0.1::DOUBLE * (i % 5), 'sell_volume': 0.1::DOUBLE * (i % 3),
        'buy_notional': 9700::DOUBLE * (i % 5), 'sell_notional': 9700::DOUBLE * (i % 3),
        'signed_notional': 9700::DOUBLE * ((i % 5) - (i % 3)),
        'toxicity': CASE WHEN i % 5 + i % 3 = 0 THEN NULL
                         ELSE abs((i % 5) - (i % 3)) / ((i % 5) + (i % 3))::DOUBLE END,
        'aggressor_imbalance': CASE WHEN i % 5 + i % 3 = 0 THEN NULL
                                    ELSE ((i % 5) - (i % 3)) / ((i % 5) + (i % 3))::DOUBLE END,
        'arrival_rate': (i % 7) / ({w} / 1000)::DOUBLE, 'vwap': 97000::DOUBLE + i,
        'vwap_deviation_bps': ((i % 11) - 5)::DOUBLE}}"""
                        for w in (1000, 10000, 60000))
    bands = ", ".join(f"{{'band_bps': {b}::DOUBLE, 'bid_depth': ({b} * (1 + i % 3))::DOUBLE, "
                      f"'ask_depth': ({b} * (1 + i % 4))::DOUBLE}}"
                      for b in (5, 10, 25, 50, 100))
    for venue, symbol, counterpart, sign in (("hyperliquid", "BTC", "BTCUSDT", 1), ("binance", "BTCUSDT", "BTC", -1)):
        out = root / "features" / venue / "2026-11-24"
        out.mkdir(parents=True)
        duckdb.sql(f"""
            COPY (
                SELECT (TIMESTAMP '2026-11-24 00:00:00' + INTERVAL (i) SECOND)::TIMESTAMP_NS AS exchange_time,
                       (TIMESTAMP '2026-11-24 00:00:00.002' + INTERVAL (i) SECOND)::TIMESTAMP_NS AS receive_time,
                       '{venue}' AS venue, '{symbol}' AS symbol, (i + 1)::BIGINT AS seq, 1::BIGINT AS epoch,
                       (10 * i)::BIGINT AS book_seq, (7 * i)::BIGINT AS trade_seq,
                       (97000 + i)::DOUBLE AS mid, (1 + (i % 4) / 10)::DOUBLE AS spread_bps,
                       CASE WHEN i = 0 THEN NULL ELSE (0.1 * ((i % 3) - 1))::DOUBLE END AS spread_velocity_bps_per_s,
                       10::DOUBLE AS imbalance_bps, (((i % 9) - 4) / 5)::DOUBLE AS depth_imbalance,
                       {20 if venue == 'hyperliquid' else 400}::DOUBLE AS visible_depth_bps,
                       (i % 50)::DOUBLE AS mid_age_ms, '{counterpart}' AS counterpart,
                       (10 * i)::BIGINT AS counterpart_book_seq,
                       CASE WHEN i < 2 THEN NULL ELSE ({sign} * (0.5 + (i % 6) / 10))::DOUBLE END AS basis_bps,
                       CASE WHEN i < 2 THEN NULL ELSE (i % 30)::DOUBLE END AS counterpart_mid_age_ms,
                       [{windows}] AS windows,
                       [{bands}] AS bands
                FROM range({rows}) t(i)
            ) TO '{out / "part-0.parquet"}' (FORMAT parquet)
        """)
