"""Processes the integration tests start: the demo (venue-sim + daemon in one JVM), a standalone venue-sim, and the
daemon proper (``run --config``). Each runs in its own session so that stopping it reaches the script and the JVM
it execs; every test stops what it started."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parents[3]
LAUNCHER = ROOT / "bin" / "slipstream-mktdata"
VENUE_SIM = ROOT / "bin" / "slipstream-venue-sim"
LAUNCHER_SRC = ROOT / "mktdata-launcher" / "src" / "main"
START_TIMEOUT_S = 120.0


def launcher_has(option: str) -> bool:
    """Whether the launcher's source knows ``option`` (read, not run: running it would build the jar)."""
    if not LAUNCHER_SRC.is_dir():
        return False
    return any(f'"{option}"' in p.read_text(errors="replace") for p in LAUNCHER_SRC.rglob("*.java"))


class Proc:
    """A started process whose output is collected line by line."""

    def __init__(self, args: List[str], name: str) -> None:
        self.name = name
        self.proc = subprocess.Popen(args, cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, text=True, start_new_session=True)
        self.output: List[str] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._changed:
                self.output.append(line.rstrip())
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def tail(self, n: int = 40) -> str:
        return "\n".join(self.output[-n:])

    def wait_for(self, pattern: str, timeout_s: float = START_TIMEOUT_S) -> "re.Match[str]":
        """The first output line matching ``pattern``; AssertionError if the process exits or time runs out."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout_s
        seen = 0
        with self._changed:
            while True:
                for line in self.output[seen:]:
                    m = rx.search(line)
                    if m:
                        return m
                seen = len(self.output)
                if self.proc.poll() is not None and seen == len(self.output):
                    raise AssertionError(f"{self.name} exited with {self.proc.returncode} before "
                                         f"/{pattern}/:\n{self.tail()}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{self.name}: no /{pattern}/ in {timeout_s:.0f} s:\n{self.tail()}")
                self._changed.wait(min(left, 0.5))

    def kill(self) -> None:
        """SIGKILL: a crash, as far as clients can tell (the socket file stays behind)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


class VenueSim(Proc):
    """``bin/slipstream-venue-sim`` on ephemeral ports; ``urls`` from the summary it prints."""

    def __init__(self, *args: str) -> None:
        super().__init__([str(VENUE_SIM), *args], "venue-sim")
        try:
            self.wait_for(r"^\s*symbols\s+\[")
            text = "\n".join(self.output)
            self.urls: Dict[str, str] = {
                "binance_ws": _find(r"binance\s+websocket\s+(ws://[\d.:]+)", text),
                "binance_rest": _find(r"rest\s+(http://[\d.:]+)/fapi/", text),
                "hyperliquid_ws": _find(r"hyperliquid\s+websocket\s+(ws://\S+)", text),
                "hyperliquid_rest": _find(r"rest\s+(http://\S+/info)", text),
            }
        except BaseException:
            self.stop()
            raise


def _find(pattern: str, text: str) -> str:
    m = re.search(pattern, text)
    assert m, f"/{pattern}/ not in the venue-sim summary:\n{text}"
    return m.group(1)


def daemon_config(socket_path: str, sim: VenueSim, hyperliquid: List[str], binance: List[str],
                  intervals: List[str], candles: int) -> str:
    """A ``run --config`` TOML with both venues pointed at ``sim``; few symbols and candles, so that the daemon's
    own backfill stays small inside the simulator's weight budget."""
    counts = "\n".join(f"candles_{i}_count = {candles}" for i in intervals)
    quoted = lambda xs: "[" + ", ".join(f'"{x}"' for x in xs) + "]"  # noqa: E731
    return f"""
[daemon]
socket_path = "{socket_path}"
socket_mode = "0600"
[retention]
{counts}
[venues.hyperliquid]
websocket_url = "{sim.urls['hyperliquid_ws']}"
rest_url = "{sim.urls['hyperliquid_rest']}"
symbols = {quoted(hyperliquid)}
channels = ["book", "candles"]
candle_intervals = {quoted(intervals)}
[venues.binance]
rest_url = "{sim.urls['binance_rest']}"
public_ws_url = "{sim.urls['binance_ws']}/public"
market_ws_url = "{sim.urls['binance_ws']}/market"
symbols = {quoted(binance)}
candle_intervals = {quoted(intervals)}
"""


def start_daemon(config_path: str) -> Proc:
    """``bin/slipstream-mktdata run --config FILE``, returned once it printed ``ready:``."""
    proc = Proc([str(LAUNCHER), "run", "--config", config_path], "daemon")
    try:
        proc.wait_for(r"^ready:")
    except BaseException:
        proc.stop()
        raise
    return proc


def start_demo(socket_path: str, seconds: int = 900, symbols: Optional[int] = None,
               record_dir: Optional[str] = None) -> Proc:
    # Without record_dir, --no-record: most client tests need the daemon, not its journal and recorder.
    args = [str(LAUNCHER), "demo", "--socket", socket_path, "--seconds", str(seconds)]
    args += ["--record", record_dir] if record_dir is not None else ["--no-record"]
    if symbols is not None:
        args += ["--symbols", str(symbols)]
    return Proc(args, "demo")
