"""Cold start of a Gradient-style strategy: every symbol's 4h candles into one pandas panel.

Run by mktdata-benchmarks' IpcHarness against a daemon holding 200 symbols x 1100 candles:  cold_start.py SOCKET
Prints the median of 5 runs (after 2 warm-ups) of get_candles_panel, request to MultiIndex DataFrame.
"""
import statistics
import sys
import time

from slipstream_mktdata import MarketDataClient


def main() -> None:
    client = MarketDataClient(sys.argv[1], client_name="bench-cold-start")
    client.connect()
    timings = []
    shape = None
    for run in range(7):
        start = time.perf_counter()
        panel = client.get_candles_panel("hyperliquid", interval="4h", count=1100)
        elapsed = (time.perf_counter() - start) * 1000.0
        shape = panel.shape
        if run >= 2:
            timings.append(elapsed)
    client.close()
    print(f"Python client, request to a pandas MultiIndex panel {shape}: median {statistics.median(timings):.1f} ms "
          f"(min {min(timings):.1f}, max {max(timings):.1f}) over {len(timings)}")


if __name__ == "__main__":
    main()
