"""Tick-to-client latency of the Python client: venue frame read (receive_ts_ns) to message decoded here.

Run by mktdata-benchmarks' IpcHarness next to the Java clients:  tick_to_client.py SOCKET SECONDS
Subscribes to every Binance book (top 10) and all Binance trades, warms up 5 s, then measures for SECONDS.
"""
import os
import sys
import time

from slipstream_mktdata import MarketDataClient, set_realtime_priority


def percentiles(values):
    values.sort()
    if not values:
        return "n=0"
    def at(p):
        return values[min(len(values) - 1, int(len(values) * p / 100.0))] / 1000.0
    return (f"n={len(values):9,d}  p50 {at(50):8.1f} us  p99 {at(99):8.1f} us  p99.9 {at(99.9):8.1f} us  "
            f"max {values[-1] / 1000.0:9.1f} us")


def main() -> None:
    socket_path, seconds = sys.argv[1], float(sys.argv[2])
    priority = int(os.environ.get("SLIPSTREAM_REALTIME_PRIORITY", "0"))
    if priority > 0:
        set_realtime_priority(priority)
    client = MarketDataClient(socket_path, client_name="bench-python")
    client.connect()
    for symbol in client.get_symbols(venue="binance"):
        client.subscribe_orderbook("binance", symbol, depth=10)
    client.subscribe_all_trades("binance")
    books, trades = [], []
    warm_until = time.monotonic() + 5.0
    end = warm_until + seconds
    for message in client.stream():
        now_ns = time.time_ns()
        kind = message["type"]
        if kind not in ("orderbook_update", "trade"):
            continue
        received_ns = message["data"].get("receive_ts_ns") or 0
        mono = time.monotonic()
        if mono >= end:
            break
        if mono < warm_until or received_ns <= 0:
            continue
        (books if kind == "orderbook_update" else trades).append(now_ns - received_ns)
    client.close()
    print(f"{'books, the Python client (blocking reads)':<62} {percentiles(books)}")
    print(f"{'trades, the Python client':<62} {percentiles(trades)}")


if __name__ == "__main__":
    main()
