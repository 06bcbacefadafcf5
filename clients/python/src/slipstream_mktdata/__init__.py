"""Python client of slipstream-mktdata: market data from the local daemon over its Unix socket (protocol v1).

    from slipstream_mktdata import MarketDataClient, OrderbookSnapshot

    with MarketDataClient("/var/run/slipstream/mktdata.sock") as client:
        book = client.get_orderbook("hyperliquid", "BTC")

The asyncio variant is :class:`slipstream_mktdata.aio.AsyncMarketDataClient`; pandas helpers are in
:mod:`slipstream_mktdata.panel`.
"""

from ._core import DEFAULT_SOCKET_PATH, PROTOCOL_VERSION, SOCKET_PATH_ENV, ServerInfo
from .candles import CandleBatch, CandleColumns
from .client import MarketDataClient
from .fallback import FallbackConfig, VenueError, VenueRateLimitedError, VenueStats, WeightBudget
from .errors import (
    ConnectionLostError,
    MarketDataError,
    ProtocolError,
    RequestTimeoutError,
    ServerError,
    SlowConsumerError,
    UnknownSymbolError,
)
from .offline_features import compute_features
from .scheduling import set_realtime_priority
from .models import (
    Candle,
    DepthBand,
    Features,
    FeatureWindow,
    Instrument,
    Level,
    MarketData,
    OrderbookDelta,
    OrderbookSnapshot,
    Quote,
    StreamStatus,
    Trade,
    typed,
)

__version__ = "0.1.0"

__all__ = [
    "compute_features",
    "set_realtime_priority",
    "DEFAULT_SOCKET_PATH",
    "SOCKET_PATH_ENV",
    "PROTOCOL_VERSION",
    "ServerInfo",
    "MarketDataClient",
    "FallbackConfig",
    "VenueStats",
    "WeightBudget",
    "VenueError",
    "VenueRateLimitedError",
    "CandleBatch",
    "CandleColumns",
    "Candle",
    "Features",
    "FeatureWindow",
    "DepthBand",
    "Instrument",
    "Level",
    "MarketData",
    "OrderbookDelta",
    "OrderbookSnapshot",
    "Quote",
    "StreamStatus",
    "Trade",
    "typed",
    "MarketDataError",
    "ConnectionLostError",
    "RequestTimeoutError",
    "ServerError",
    "UnknownSymbolError",
    "SlowConsumerError",
    "ProtocolError",
]
