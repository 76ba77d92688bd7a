-- Range functions: the rows of the aggregate views of migration 004 for one range, reading only
-- the hourly base rows of that range (database.md section 3; db/README.md).
--
-- The views compute lag() over each device's whole hourly history, because a filter on a bucket
-- column cannot go below the window without losing the bucket before the range. Over a year of
-- data that made every dashboard summary read all 8 760 base rows of each device. These functions
-- read the base rows of the range only, take lag() among them, and fetch the baseline of each
-- device's first bucket in the range by one index lookup of the device's previous non-empty
-- bucket: the same baseline the view's lag() finds, so the rows are identical to the view's rows
-- in that range (db/tests/range_reads_test.cpp compares them).
--
-- A local period belongs to a range when its start lies in [range_start, range_end), as with a
-- filter on the view's start column. The functions read exactly the hours of those periods, from
-- the first period boundary at or after range_start to the first at or after range_end
-- (local_period_ceil), and truncate each hour to its local period once.

-- Dashboard statements run for about a millisecond; JIT compilation adds hundreds of milliseconds
-- to any whose estimated cost crosses jit_above_cost (a range of years, or a table not analyzed
-- yet) and never pays that back here. Off for every new session of this database.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
END
$$;

-- Plain mode: the base tables are keyed (device, bucket); a range of buckets across devices needs
-- its own index. TimescaleDB's continuous aggregates index the bucket already.
DO $$
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = 'energy_hourly_base'::regclass) = 'r' THEN
        CREATE INDEX energy_hourly_base_bucket_idx ON energy_hourly_base (bucket);
        CREATE INDEX heatpump_hourly_base_bucket_idx ON heatpump_hourly_base (bucket);
    END IF;
END
$$;

-- The end of the local period (day, month or year) that starts at period_start.
CREATE FUNCTION local_period_end(period TEXT, period_start TIMESTAMPTZ, time_zone TEXT)
RETURNS TIMESTAMPTZ
LANGUAGE sql STABLE PARALLEL SAFE
RETURN ((period_start AT TIME ZONE time_zone) + ('1 ' || period)::INTERVAL) AT TIME ZONE time_zone;

-- The first start of a local period at or after t. A bucket's period starts in [a, b) exactly when
-- the bucket lies in [local_period_ceil(a), local_period_ceil(b)), so a range of periods becomes a
-- range of buckets and no bucket needs its period computed twice.
CREATE FUNCTION local_period_ceil(period TEXT, t TIMESTAMPTZ, time_zone TEXT)
RETURNS TIMESTAMPTZ
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN date_trunc(period, t, time_zone) = t THEN t
    ELSE local_period_end(period, date_trunc(period, t, time_zone), time_zone)
END;

-- energy_hourly_by_meter for the hours in [range_start, range_end).
CREATE FUNCTION energy_hourly_by_meter_between(range_start TIMESTAMPTZ, range_end TIMESTAMPTZ)
RETURNS TABLE (
    hour_start        TIMESTAMPTZ,
    device_serial     TEXT,
    energy_wh         BIGINT,
    measurement_count BIGINT,
    power_total_sum   BIGINT,
    power_total_n     BIGINT,
    power_l1_sum      BIGINT,
    power_l1_n        BIGINT,
    power_l2_sum      BIGINT,
    power_l2_n        BIGINT,
    power_l3_sum      BIGINT,
    power_l3_n        BIGINT)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT
    b.bucket,
    b.device_serial,
    counter_increase(b.baseline, b.first_total, b.last_total, b.min_total, b.max_total)::BIGINT,
    b.measurement_count::BIGINT,
    b.power_total_sum::BIGINT,
    b.power_total_n::BIGINT,
    b.power_l1_sum::BIGINT,
    b.power_l1_n::BIGINT,
    b.power_l2_sum::BIGINT,
    b.power_l2_n::BIGINT,
    b.power_l3_sum::BIGINT,
    b.power_l3_n::BIGINT
-- The baseline is a column of its own: counter_increase uses it three times, and PostgreSQL
-- inlines the function only when that argument is cheap; called as a function instead it cost
-- several times the rest of the statement.
FROM (
    SELECT
        h.*,
        CASE
            WHEN lag(h.bucket) OVER meter_hours IS NOT NULL THEN lag(h.last_total) OVER meter_hours
            ELSE (SELECT p.last_total FROM energy_hourly_base AS p
                  WHERE p.device_serial = h.device_serial AND p.bucket < h.bucket
                  ORDER BY p.bucket DESC LIMIT 1)
        END AS baseline
    FROM energy_hourly_base AS h
    WHERE h.bucket >= range_start AND h.bucket < range_end
    WINDOW meter_hours AS (PARTITION BY h.device_serial ORDER BY h.bucket)
) AS b
$$;

-- energy_hourly for the hours in [range_start, range_end).
CREATE FUNCTION energy_hourly_between(range_start TIMESTAMPTZ, range_end TIMESTAMPTZ)
RETURNS TABLE (
    hour_start         TIMESTAMPTZ,
    hour_end           TIMESTAMPTZ,
    total_energy_kwh   DOUBLE PRECISION,
    avg_power_l1_kw    DOUBLE PRECISION,
    avg_power_l2_kw    DOUBLE PRECISION,
    avg_power_l3_kw    DOUBLE PRECISION,
    avg_power_total_kw DOUBLE PRECISION,
    measurement_count  BIGINT)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT
    m.hour_start,
    m.hour_start + INTERVAL '1 hour',
    (sum(m.energy_wh) / 1000.0)::DOUBLE PRECISION,
    (sum(m.power_l1_sum::DOUBLE PRECISION / NULLIF(m.power_l1_n, 0)) / 1000.0)::DOUBLE PRECISION,
    (sum(m.power_l2_sum::DOUBLE PRECISION / NULLIF(m.power_l2_n, 0)) / 1000.0)::DOUBLE PRECISION,
    (sum(m.power_l3_sum::DOUBLE PRECISION / NULLIF(m.power_l3_n, 0)) / 1000.0)::DOUBLE PRECISION,
    (sum(m.power_total_sum::DOUBLE PRECISION / NULLIF(m.power_total_n, 0))
        / 1000.0)::DOUBLE PRECISION,
    sum(m.measurement_count)::BIGINT
FROM energy_hourly_by_meter_between(range_start, range_end) AS m
GROUP BY m.hour_start
$$;

-- energy_daily_summary, energy_monthly_summary or energy_yearly_summary (period 'day', 'month'
-- or 'year') for the local periods starting in [range_start, range_end): exactly the hours from
-- the first period boundary at or after range_start to the first at or after range_end.
CREATE FUNCTION energy_summary_between(period TEXT, range_start TIMESTAMPTZ,
                                       range_end TIMESTAMPTZ)
RETURNS TABLE (
    period_start           TIMESTAMPTZ,
    period_end             TIMESTAMPTZ,
    energy_consumption_kwh DOUBLE PRECISION,
    measurement_count      BIGINT)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT
    p.period_start,
    local_period_end(period, p.period_start, x.time_zone),
    (sum(m.energy_wh) / 1000.0)::DOUBLE PRECISION,
    sum(m.measurement_count)::BIGINT
FROM (
    SELECT
        c.time_zone,
        local_period_ceil(period, range_start, c.time_zone) AS first_hour,
        local_period_ceil(period, range_end, c.time_zone) AS end_hour
    FROM platform_config AS c
) AS x
CROSS JOIN LATERAL energy_hourly_by_meter_between(x.first_hour, x.end_hour) AS m
CROSS JOIN LATERAL (SELECT date_trunc(period, m.hour_start, x.time_zone) AS period_start) AS p
GROUP BY p.period_start, x.time_zone
$$;

-- heatpump_daily_summary for the local days starting in [range_start, range_end). The baseline
-- of a counter's first bucket in the range is its previous bucket in which that counter was
-- reported, as in the view; the lookup runs only for those first buckets.
CREATE FUNCTION heatpump_daily_summary_between(range_start TIMESTAMPTZ, range_end TIMESTAMPTZ)
RETURNS TABLE (
    day                               TIMESTAMPTZ,
    device_id                         TEXT,
    daily_runtime_compressor_increase BIGINT,
    daily_runtime_hotwater_increase   BIGINT,
    daily_runtime_3kw_increase        BIGINT,
    daily_runtime_6kw_increase        BIGINT,
    avg_outdoor_temp                  DOUBLE PRECISION,
    avg_supplyline_temp               DOUBLE PRECISION,
    avg_returnline_temp               DOUBLE PRECISION,
    avg_hotwater_temp                 DOUBLE PRECISION,
    avg_brine_out_temp                DOUBLE PRECISION,
    avg_brine_in_temp                 DOUBLE PRECISION)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH hours AS (
    SELECT b.*, date_trunc('day', b.bucket, c.time_zone) AS local_day
    FROM platform_config AS c
    JOIN heatpump_hourly_base AS b
      ON b.bucket >= local_period_ceil('day', range_start, c.time_zone)
     AND b.bucket < local_period_ceil('day', range_end, c.time_zone)
),
-- The baseline is a column of its own so that counter_increase, which uses it three times, is
-- inlined (see energy_hourly_by_meter_between).
counter_hours AS (
    SELECT
        h.device_id,
        h.local_day,
        r.counter,
        r.first_reading,
        r.last_reading,
        r.min_reading,
        r.max_reading,
        CASE
            WHEN lag(h.bucket) OVER counter_series IS NOT NULL
                THEN lag(r.last_reading) OVER counter_series
            WHEN r.counter = 'compressor'
                THEN (SELECT p.rt_compressor_last FROM heatpump_hourly_base AS p
                      WHERE p.device_id = h.device_id AND p.bucket < h.bucket
                        AND p.rt_compressor_first IS NOT NULL
                      ORDER BY p.bucket DESC LIMIT 1)
            WHEN r.counter = 'hotwater'
                THEN (SELECT p.rt_hotwater_last FROM heatpump_hourly_base AS p
                      WHERE p.device_id = h.device_id AND p.bucket < h.bucket
                        AND p.rt_hotwater_first IS NOT NULL
                      ORDER BY p.bucket DESC LIMIT 1)
            WHEN r.counter = '3kw'
                THEN (SELECT p.rt_3kw_last FROM heatpump_hourly_base AS p
                      WHERE p.device_id = h.device_id AND p.bucket < h.bucket
                        AND p.rt_3kw_first IS NOT NULL
                      ORDER BY p.bucket DESC LIMIT 1)
            ELSE (SELECT p.rt_6kw_last FROM heatpump_hourly_base AS p
                  WHERE p.device_id = h.device_id AND p.bucket < h.bucket
                    AND p.rt_6kw_first IS NOT NULL
                  ORDER BY p.bucket DESC LIMIT 1)
        END AS baseline
    FROM hours AS h
    CROSS JOIN LATERAL (VALUES
        ('compressor', h.rt_compressor_first::BIGINT, h.rt_compressor_last::BIGINT,
                       h.rt_compressor_min::BIGINT, h.rt_compressor_max::BIGINT),
        ('hotwater',   h.rt_hotwater_first::BIGINT, h.rt_hotwater_last::BIGINT,
                       h.rt_hotwater_min::BIGINT, h.rt_hotwater_max::BIGINT),
        ('3kw',        h.rt_3kw_first::BIGINT, h.rt_3kw_last::BIGINT,
                       h.rt_3kw_min::BIGINT, h.rt_3kw_max::BIGINT),
        ('6kw',        h.rt_6kw_first::BIGINT, h.rt_6kw_last::BIGINT,
                       h.rt_6kw_min::BIGINT, h.rt_6kw_max::BIGINT)
    ) AS r(counter, first_reading, last_reading, min_reading, max_reading)
    WHERE r.first_reading IS NOT NULL
    WINDOW counter_series AS (PARTITION BY h.device_id, r.counter ORDER BY h.bucket)
),
counter_days AS (
    SELECT
        h.device_id,
        h.local_day,
        sum(counter_increase(h.baseline, h.first_reading, h.last_reading, h.min_reading,
                             h.max_reading)) FILTER (WHERE h.counter = 'compressor') AS compressor,
        sum(counter_increase(h.baseline, h.first_reading, h.last_reading, h.min_reading,
                             h.max_reading)) FILTER (WHERE h.counter = 'hotwater')   AS hotwater,
        sum(counter_increase(h.baseline, h.first_reading, h.last_reading, h.min_reading,
                             h.max_reading)) FILTER (WHERE h.counter = '3kw')        AS kw3,
        sum(counter_increase(h.baseline, h.first_reading, h.last_reading, h.min_reading,
                             h.max_reading)) FILTER (WHERE h.counter = '6kw')        AS kw6
    FROM counter_hours AS h
    GROUP BY h.device_id, h.local_day
),
temperature_days AS (
    SELECT
        h.device_id,
        h.local_day,
        sum(h.outdoor_temp_sum)    / NULLIF(sum(h.outdoor_temp_n), 0)    AS outdoor,
        sum(h.supplyline_temp_sum) / NULLIF(sum(h.supplyline_temp_n), 0) AS supplyline,
        sum(h.returnline_temp_sum) / NULLIF(sum(h.returnline_temp_n), 0) AS returnline,
        sum(h.hotwater_temp_sum)   / NULLIF(sum(h.hotwater_temp_n), 0)   AS hotwater,
        sum(h.brine_out_temp_sum)  / NULLIF(sum(h.brine_out_temp_n), 0)  AS brine_out,
        sum(h.brine_in_temp_sum)   / NULLIF(sum(h.brine_in_temp_n), 0)   AS brine_in
    FROM hours AS h
    GROUP BY h.device_id, h.local_day
)
SELECT
    t.local_day,
    t.device_id,
    COALESCE(d.compressor, 0)::BIGINT,
    COALESCE(d.hotwater, 0)::BIGINT,
    COALESCE(d.kw3, 0)::BIGINT,
    COALESCE(d.kw6, 0)::BIGINT,
    t.outdoor::DOUBLE PRECISION,
    t.supplyline::DOUBLE PRECISION,
    t.returnline::DOUBLE PRECISION,
    t.hotwater::DOUBLE PRECISION,
    t.brine_out::DOUBLE PRECISION,
    t.brine_in::DOUBLE PRECISION
FROM temperature_days AS t
LEFT JOIN counter_days AS d ON d.device_id = t.device_id AND d.local_day = t.local_day
$$;

GRANT EXECUTE ON FUNCTION energy_hourly_by_meter_between(TIMESTAMPTZ, TIMESTAMPTZ),
    energy_hourly_between(TIMESTAMPTZ, TIMESTAMPTZ),
    energy_summary_between(TEXT, TIMESTAMPTZ, TIMESTAMPTZ),
    heatpump_daily_summary_between(TIMESTAMPTZ, TIMESTAMPTZ),
    local_period_end(TEXT, TIMESTAMPTZ, TEXT),
    local_period_ceil(TEXT, TIMESTAMPTZ, TEXT)
    TO telemetry_reader;
