-- The order-flow features of docs/features.md, recomputed in DuckDB from the recorded Parquet.
--
-- Before loading this file, create three views (or tables):
--   trades          the recorded `trades` rows (all symbols of the venues compared)
--   l2delta         the recorded `l2delta` rows (record_deltas = true) of the symbols AND of their counterparts
--   feature_points  the evaluation points: epoch, venue, symbol, receive_time (the features' time t), book_seq,
--                   trade_seq, counterpart (symbol on the other venue, or NULL), counterpart_book_seq
--                   (e.g. the recorded `features` rows themselves, to check them)
-- then: SELECT * FROM slipstream_features();   -- or with windows_ms := [...], bands_bps := [...], imbalance_bps := 10
--
-- The book at a sequence is rebuilt exactly: per (side, price), the size of the last delta row with seq <= book_seq
-- (l2delta holds every published delta, the derived delta of each venue snapshot and trims included), a level
-- being present if that size is > 0. Sums run in the engine's order (trades oldest first, levels best first) with
-- list_reduce, so the values are the engine's bit for bit, not just close. Every point joins every level and trade
-- of its symbol seen before it: meant for a session or a day of one symbol, not for a year of everything at once.

-- Sum of a list in its order (a left fold starting at 0, as the engine's loops), 0 for an empty or NULL list.
CREATE OR REPLACE MACRO slipstream_ordered_sum(l) AS
    list_reduce(list_prepend(0.0::DOUBLE, coalesce(l, []::DOUBLE[])), lambda a, b: a + b);

-- x / y if y > 0, else NULL (the engine's NaN).
CREATE OR REPLACE MACRO slipstream_ratio(x, y) AS CASE WHEN y > 0 THEN x / y END;

-- Every level change: one row per (delta row, side, level).
CREATE OR REPLACE MACRO slipstream_levels() AS TABLE
    SELECT epoch, venue, symbol, seq, true AS is_bid, l.price AS price, l.size AS size
    FROM (SELECT epoch, venue, symbol, seq, unnest(bids) AS l FROM l2delta)
    UNION ALL
    SELECT epoch, venue, symbol, seq, false AS is_bid, l.price AS price, l.size AS size
    FROM (SELECT epoch, venue, symbol, seq, unnest(asks) AS l FROM l2delta);

CREATE OR REPLACE MACRO slipstream_features(
        windows_ms := [1000, 10000, 60000], bands_bps := [5.0, 10.0, 25.0, 50.0, 100.0], imbalance_bps := 10.0)
AS TABLE
WITH
pts AS (
    SELECT row_number() OVER () AS pid, epoch, venue, symbol, receive_time, epoch_ns(receive_time) AS t_ns,
           book_seq, trade_seq, counterpart, counterpart_book_seq,
           CASE venue WHEN 'hyperliquid' THEN 'binance' ELSE 'hyperliquid' END AS counterpart_venue
    FROM feature_points),
levels AS (SELECT * FROM slipstream_levels()),
-- The point's own book and its counterpart's, as of their sequences.
own AS (
    SELECT p.pid, l.is_bid, l.price, arg_max(l.size, l.seq) AS size
    FROM pts p JOIN levels l
      ON l.epoch = p.epoch AND l.venue = p.venue AND l.symbol = p.symbol AND l.seq <= p.book_seq
    GROUP BY p.pid, l.is_bid, l.price
    HAVING arg_max(l.size, l.seq) > 0),
other AS (
    SELECT p.pid, l.is_bid, l.price, arg_max(l.size, l.seq) AS size
    FROM pts p JOIN levels l
      ON l.epoch = p.epoch AND l.venue = p.counterpart_venue AND l.symbol = p.counterpart
         AND l.seq <= p.counterpart_book_seq
    GROUP BY p.pid, l.is_bid, l.price
    HAVING arg_max(l.size, l.seq) > 0),
own_top AS (
    SELECT pid, max(price) FILTER (WHERE is_bid) AS best_bid, min(price) FILTER (WHERE NOT is_bid) AS best_ask,
           min(price) FILTER (WHERE is_bid) AS worst_bid, max(price) FILTER (WHERE NOT is_bid) AS worst_ask
    FROM own GROUP BY pid),
other_mid AS (
    SELECT pid, (max(price) FILTER (WHERE is_bid) + min(price) FILTER (WHERE NOT is_bid)) / 2 AS mid
    FROM other GROUP BY pid),
book AS (
    SELECT p.pid, (o.best_bid + o.best_ask) / 2 AS mid, o.best_bid, o.best_ask, o.worst_bid, o.worst_ask,
           c.mid AS counterpart_mid
    FROM pts p LEFT JOIN own_top o USING (pid) LEFT JOIN other_mid c USING (pid)),
-- Depth within b bps of mid, levels summed best first.
band_list AS (SELECT unnest(bands_bps)::DOUBLE AS band_bps, generate_subscripts(bands_bps, 1) AS bi
              UNION ALL SELECT imbalance_bps::DOUBLE, 0),
depth AS (
    SELECT b.pid, bl.bi, bl.band_bps,
           CASE WHEN b.mid IS NOT NULL THEN slipstream_ordered_sum(list(o.size ORDER BY o.price DESC)
               FILTER (WHERE o.is_bid AND o.price >= b.mid * (1 - bl.band_bps / 10000.0))) END AS bid_depth,
           CASE WHEN b.mid IS NOT NULL THEN slipstream_ordered_sum(list(o.size ORDER BY o.price)
               FILTER (WHERE NOT o.is_bid AND o.price <= b.mid * (1 + bl.band_bps / 10000.0))) END AS ask_depth
    FROM book b CROSS JOIN band_list bl LEFT JOIN own o ON o.pid = b.pid
    GROUP BY b.pid, bl.bi, bl.band_bps, b.mid),
bands AS (
    SELECT pid, list({'band_bps': band_bps, 'bid_depth': bid_depth, 'ask_depth': ask_depth} ORDER BY bi)
               FILTER (WHERE bi > 0) AS bands,
           max(slipstream_ratio(bid_depth - ask_depth, bid_depth + ask_depth)) FILTER (WHERE bi = 0)
               AS depth_imbalance
    FROM depth GROUP BY pid),
-- Trade windows (t - W, t], trades with seq <= trade_seq, backfilled ones (flags & 1) excluded, oldest first.
window_list AS (SELECT unnest(windows_ms)::BIGINT AS window_ms, generate_subscripts(windows_ms, 1) AS wi),
flow AS (
    SELECT p.pid, w.wi, w.window_ms, count(t.seq) AS trade_count,
           slipstream_ordered_sum(list(t.size ORDER BY t.seq) FILTER (WHERE t.side = 'buy')) AS buy_volume,
           slipstream_ordered_sum(list(t.size ORDER BY t.seq) FILTER (WHERE t.side = 'sell')) AS sell_volume,
           slipstream_ordered_sum(list(t.price * t.size ORDER BY t.seq) FILTER (WHERE t.side = 'buy')) AS buy_notional,
           slipstream_ordered_sum(list(t.price * t.size ORDER BY t.seq) FILTER (WHERE t.side = 'sell'))
               AS sell_notional,
           slipstream_ordered_sum(list(t.size ORDER BY t.seq) FILTER (WHERE t.seq IS NOT NULL)) AS volume,
           slipstream_ordered_sum(list(t.price * t.size ORDER BY t.seq) FILTER (WHERE t.seq IS NOT NULL)) AS notional
    FROM pts p CROSS JOIN window_list w
    LEFT JOIN trades t
      ON t.epoch = p.epoch AND t.venue = p.venue AND t.symbol = p.symbol AND t.seq <= p.trade_seq
         AND (t.flags & 1) = 0 AND epoch_ns(t.receive_time) <= p.t_ns
         AND epoch_ns(t.receive_time) > p.t_ns - w.window_ms * 1000000
    GROUP BY p.pid, w.wi, w.window_ms),
windows AS (
    SELECT f.pid, list({
        'window_ms': f.window_ms, 'trade_count': f.trade_count,
        'buy_volume': f.buy_volume, 'sell_volume': f.sell_volume,
        'buy_notional': f.buy_notional, 'sell_notional': f.sell_notional,
        'signed_notional': f.buy_notional - f.sell_notional,
        'toxicity': slipstream_ratio(abs(f.buy_notional - f.sell_notional), f.buy_notional + f.sell_notional),
        'aggressor_imbalance': slipstream_ratio(f.buy_volume - f.sell_volume, f.buy_volume + f.sell_volume),
        'arrival_rate': f.trade_count / (f.window_ms / 1e3),
        'vwap': slipstream_ratio(f.notional, f.volume),
        'vwap_deviation_bps': 10000 * (b.mid - slipstream_ratio(f.notional, f.volume))
            / slipstream_ratio(f.notional, f.volume)} ORDER BY f.wi) AS windows
    FROM flow f JOIN book b USING (pid) GROUP BY f.pid),
-- Receive time of the delta at a sequence: the book's last update.
update_time AS (SELECT DISTINCT epoch, venue, symbol, seq, epoch_ns(receive_time) AS rcv_ns FROM l2delta),
scalars AS (
    SELECT p.*, b.mid, 10000 * (b.best_ask - b.best_bid) / b.mid AS spread_bps,
           least(10000 * (b.mid - b.worst_bid) / b.mid, 10000 * (b.worst_ask - b.mid) / b.mid) AS visible_depth_bps,
           (p.t_ns - u.rcv_ns) / 1e6 AS mid_age_ms,
           10000 * (b.mid - b.counterpart_mid) / b.counterpart_mid AS basis_bps,
           CASE WHEN b.mid IS NOT NULL AND b.counterpart_mid IS NOT NULL THEN (p.t_ns - cu.rcv_ns) / 1e6 END
               AS counterpart_mid_age_ms
    FROM pts p JOIN book b USING (pid)
    LEFT JOIN update_time u
      ON u.epoch = p.epoch AND u.venue = p.venue AND u.symbol = p.symbol AND u.seq = p.book_seq
    LEFT JOIN update_time cu
      ON cu.epoch = p.epoch AND cu.venue = p.counterpart_venue AND cu.symbol = p.counterpart
         AND cu.seq = p.counterpart_book_seq)
SELECT s.receive_time, s.venue, s.symbol, s.epoch, s.book_seq, s.trade_seq, s.mid, s.spread_bps,
       CASE WHEN s.t_ns > lag(s.t_ns) OVER w
           THEN (s.spread_bps - lag(s.spread_bps) OVER w) / ((s.t_ns - lag(s.t_ns) OVER w) / 1e9) END
           AS spread_velocity_bps_per_s,
       imbalance_bps::DOUBLE AS imbalance_bps, bd.depth_imbalance, s.visible_depth_bps, s.mid_age_ms,
       s.counterpart, s.counterpart_book_seq, s.basis_bps, s.counterpart_mid_age_ms, wd.windows, bd.bands
FROM scalars s JOIN bands bd USING (pid) JOIN windows wd USING (pid)
WINDOW w AS (PARTITION BY s.epoch, s.venue, s.symbol ORDER BY s.t_ns)
ORDER BY s.epoch, s.venue, s.symbol, s.receive_time;
