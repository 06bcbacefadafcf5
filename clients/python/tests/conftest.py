from __future__ import annotations

import os
import shutil
import tempfile
import time
from typing import Iterator

import pytest

import procs
from fakeserver import FakeServer


@pytest.fixture
def sock_dir() -> Iterator[str]:
    # Unix socket paths are limited to ~108 bytes: pytest's tmp_path can be longer, so use a short /tmp dir.
    d = tempfile.mkdtemp(prefix="ssmd-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def fake(sock_dir: str) -> Iterator[FakeServer]:
    server = FakeServer(f"{sock_dir}/fake.sock")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def daemon_socket() -> Iterator[str]:
    """The real daemon fed by venue-sim (``bin/slipstream-mktdata demo --socket PATH``) for the whole session."""
    if os.environ.get("SLIPSTREAM_SKIP_DAEMON_TESTS") == "1":
        pytest.skip("SLIPSTREAM_SKIP_DAEMON_TESTS=1")
    if not procs.launcher_has("--socket"):
        pytest.skip("bin/slipstream-mktdata demo does not support --socket yet (no IPC server in the launcher): "
                    "daemon integration tests not run")
    tmp = tempfile.mkdtemp(prefix="ssmd-it-")
    path = f"{tmp}/mktdata.sock"
    demo = procs.start_demo(path)
    try:
        demo.wait_for(r"socket:")
        deadline = time.monotonic() + procs.START_TIMEOUT_S
        while not os.path.exists(path):
            if time.monotonic() > deadline:
                pytest.fail(f"no socket at {path}:\n{demo.tail()}")
            time.sleep(0.1)
        yield path
    finally:
        demo.stop()
        shutil.rmtree(tmp, ignore_errors=True)
