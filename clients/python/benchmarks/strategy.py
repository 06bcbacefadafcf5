"""A Python strategy for the system benchmark (mktdata-benchmarks' SystemBench starts it as a child process).

    strategy.py SOCKET SECONDS RESULT_FILE [SYMBOLS_PER_VENUE]

Subscribes like a strategy: top-10 books of the first SYMBOLS_PER_VENUE symbols (default 10) of each venue, every
trade of each venue, and 15m candles of those symbols. Reads until SECONDS have passed or the file RESULT_FILE.stop
appears, then writes RESULT_FILE (JSON: counts and the checks below) and RESULT_FILE.lat (tick-to-client latencies
in ns as little-endian int64, books and trades, for the Java side's HdrHistogram).

Checks, per (venue, symbol) trade stream: seq never goes back or repeats within an epoch (doubled), seq jumps are
counted (lost) and compared with the gap statuses the client library reported; Binance aggregate trade ids must be
contiguous (a trade the venue made and nobody delivered shows here even if the daemon never saw it).
"""
import array
import json
import os
import sys
import time

from slipstream_mktdata import MarketDataClient, set_realtime_priority


def main() -> None:
    socket_path, seconds, result_path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    per_venue = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    priority = int(os.environ.get("SLIPSTREAM_REALTIME_PRIORITY", "0"))
    if priority > 0:
        set_realtime_priority(priority)
    client = MarketDataClient(socket_path, client_name="bench-python-" + os.path.basename(result_path))
    client.connect()
    venues = [v for v in ("binance", "hyperliquid") if client.get_symbols(venue=v)]
    for venue in venues:
        symbols = client.get_symbols(venue=venue)[:per_venue]
        for symbol in symbols:
            client.subscribe_orderbook(venue, symbol, depth=10)
        client.subscribe_all_trades(venue)
        client.subscribe_candles(venue, symbols, interval="15m")
    latencies = array.array("q")
    counts = {"books": 0, "trades": 0, "candles": 0, "gap_statuses": 0, "reconnects": 0}
    last_seq = {}
    trade_ids = {}
    doubled = lost_seq = trade_id_repeats = 0
    end = time.monotonic() + seconds
    stop_file = result_path + ".stop"
    next_stop_check = 0.0
    while True:
        message = client.next_message(0.2)
        mono = time.monotonic()
        if mono >= end:
            break
        if mono >= next_stop_check:
            next_stop_check = mono + 0.2
            if os.path.exists(stop_file):
                break
        if message is None:
            continue
        now_ns = time.time_ns()
        kind = message["type"]
        data = message["data"]
        if kind == "orderbook_update":
            counts["books"] += 1
        elif kind == "trade":
            counts["trades"] += 1
            key = (data["venue"], data["symbol"])
            seq, epoch = data["seq"], data["epoch"]
            previous = last_seq.get(key)
            if previous is not None and previous[0] == epoch:
                if seq <= previous[1]:
                    doubled += 1
                elif seq > previous[1] + 1:
                    lost_seq += seq - previous[1] - 1
            last_seq[key] = (epoch, max(seq, previous[1]) if previous and previous[0] == epoch else seq)
            if data["venue"] == "binance":
                # A set, not the last id: backfilled trades arrive after the live ones that followed them.
                seen = trade_ids.setdefault(key, set())
                if data["trade_id"] in seen:
                    trade_id_repeats += 1
                seen.add(data["trade_id"])
        elif kind == "candle":
            counts["candles"] += 1
            continue
        elif kind == "status":
            if data.get("status") == "gap":
                counts["gap_statuses"] += 1
            if data.get("origin") == "client" and data.get("status") == "resynced":
                counts["reconnects"] += 1
            continue
        else:
            continue
        received_ns = data.get("receive_ts_ns") or 0
        if received_ns > 0 and not data.get("snapshot"):
            latencies.append(now_ns - received_ns)
    trade_id_holes = sum(max(ids) - min(ids) + 1 - len(ids) for ids in trade_ids.values())
    gaps_detected = client.gaps_detected
    client.close()
    with open(result_path + ".lat", "wb") as out:
        if sys.byteorder != "little":
            latencies.byteswap()
        latencies.tofile(out)
    counts.update({"doubled": doubled, "lost_seq": lost_seq, "gaps_detected": gaps_detected,
                   "trade_id_holes": trade_id_holes, "trade_id_repeats": trade_id_repeats,
                   "latencies": len(latencies)})
    with open(result_path, "w", encoding="utf-8") as out:
        json.dump(counts, out)


if __name__ == "__main__":
    main()
