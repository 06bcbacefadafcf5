from __future__ import annotations

import shutil
import tempfile
from typing import Iterator

import pytest

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
