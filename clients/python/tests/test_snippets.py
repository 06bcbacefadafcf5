"""The integration snippets of clients/python/README.md and docs/getting-started.md, run exactly as written against
the real daemon (the demo of the session fixture), and held to fewer than ten lines of code.

A snippet is the ```python block right after a ``<!-- snippet: NAME -->`` marker. Both files carry the same text.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import procs

DOCS = [procs.ROOT / "clients" / "python" / "README.md", procs.ROOT / "docs" / "getting-started.md"]
SNIPPET = re.compile(r"<!-- snippet: (\w+) -->\s*```python\n(.*?)```", re.DOTALL)


def _snippets(path: Path) -> Dict[str, str]:
    return dict(SNIPPET.findall(path.read_text()))


def snippet(name: str) -> str:
    found = [_snippets(p).get(name) for p in DOCS]
    assert found[0] is not None, f"no snippet {name!r} in {DOCS[0]}"
    assert found[0] == found[1], f"snippet {name!r} differs between {DOCS[0].name} and {DOCS[1]}"
    return found[0]


def code_lines(text: str) -> List[str]:
    """Lines of code: not blank, not only a comment (imports and ``def`` count)."""
    return [line for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


@pytest.mark.parametrize("name", ["gradient", "brawler"])
def test_snippet_is_under_ten_lines(name: str) -> None:
    assert len(code_lines(snippet(name))) < 10, snippet(name)


def test_gradient_snippet(daemon_socket: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The snippet uses the default socket: point it at the demo's, as the daemon's own variable would.
    monkeypatch.setenv("SLIPSTREAM_MKTDATA_DAEMON_SOCKET_PATH", daemon_socket)
    namespace: Dict[str, Any] = {}
    exec(compile(snippet("gradient"), "README.md:gradient", "exec"), namespace)
    deadline = time.monotonic() + 60
    while True:  # the demo backfills candles in the background just after it starts
        out = namespace["fetch_live_data"](None)
        if len(out["panel"]) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert out["source"] == "daemon"
    assert "BTC" in out["assets"]
    panel = out["panel"]
    assert len(panel) > 0 and set(panel.index.get_level_values("symbol")) <= set(out["assets"])
    assert list(panel.columns) == ["open", "high", "low", "close", "volume", "trades", "closed"]


class Brawler:
    """The strategy the Brawler snippet drives: records mids, stops the loop after enough books from both."""

    class Done(Exception):
        pass

    def __init__(self, books: int = 20) -> None:
        self.books = books
        self.mids: Dict[str, float] = {}
        self.seen: List[Tuple[str, float]] = []
        self.pulls = 0

    def on_book(self, venue: str, mid: Any) -> None:
        if mid is not None:
            self.mids[venue] = mid
            self.seen.append((venue, mid))
        if len(self.mids) == 2 and len(self.seen) >= self.books:
            raise Brawler.Done()

    def pull_quotes(self) -> None:
        self.pulls += 1


def test_brawler_snippet(daemon_socket: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLIPSTREAM_MKTDATA_DAEMON_SOCKET_PATH", daemon_socket)
    brawler = Brawler()
    namespace: Dict[str, Any] = {"brawler": brawler}
    try:
        with pytest.raises(Brawler.Done):
            exec(compile(snippet("brawler"), "README.md:brawler", "exec"), namespace)
    finally:
        if "client" in namespace:
            namespace["client"].close()
    assert set(brawler.mids) == {"hyperliquid", "binance"}
    # venue-sim renders one market on both venues: the two BTC mids are close.
    hl, bn = brawler.mids["hyperliquid"], brawler.mids["binance"]
    assert abs(hl - bn) / bn < 0.01, (hl, bn)
