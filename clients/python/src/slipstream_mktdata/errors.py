"""Typed exceptions of the client. Every exception raised on purpose derives from :class:`MarketDataError`."""

from __future__ import annotations

from typing import Any, Mapping, Optional


class MarketDataError(Exception):
    """Base class of every error this client raises."""


class ConnectionLostError(MarketDataError, ConnectionError):
    """The socket could not be opened, or dropped and could not be re-established (or reconnect is off)."""


class RequestTimeoutError(MarketDataError, TimeoutError):
    """No reply with the request's id arrived within the timeout. A late reply is discarded when it comes."""


class ProtocolError(MarketDataError):
    """The server sent something this client cannot read (undecodable bytes, an unsupported protocol version)."""


class ServerError(MarketDataError):
    """An ``error`` message from the daemon: ``code`` is the protocol's error code."""

    def __init__(self, code: str, message: str, request_id: Optional[int] = None) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.message = message
        self.request_id = request_id


class UnknownSymbolError(ServerError):
    """The daemon does not know the requested venue/symbol (code ``unknown_symbol``)."""


class SlowConsumerError(ServerError):
    """The daemon disconnected this client because it read too slowly (``slow_consumer="disconnect"``)."""


_BY_CODE = {
    "unknown_symbol": UnknownSymbolError,
    "slow_consumer": SlowConsumerError,
}


def server_error(msg: Mapping[str, Any]) -> ServerError:
    """Builds the typed exception of an ``error`` message."""
    data = msg.get("data")
    if not isinstance(data, Mapping):
        data = {}
    code = str(data.get("code", "internal"))
    message = str(data.get("message", ""))
    rid = msg.get("id")
    return _BY_CODE.get(code, ServerError)(code, message, rid if isinstance(rid, int) else None)
