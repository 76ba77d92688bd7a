-- Public aggregate views, identical in both modes (database.md sections 3.1 and 3.2).
--
-- They read only the hourly base relations (tables in plain mode, continuous aggregates in
-- TimescaleDB mode) and platform_config, so both modes return the same rows.
--
-- Counter increase (rule 3.1), per device and per counter, from per-bucket statistics:
--   boundary(B) = first(B) - last(P)  if first(B) >= last(P), else first(B); 0 without P
--   inside(B)   = last(B) - first(B)  if min(B) >= first(B), else (max(B) - first(B)) + last(B)
--   increase(B) = boundary(B) + inside(B)
-- where P is the device's previous non-empty bucket for that counter. P is found with lag() over
-- the device's buckets, so the baseline is the last reading before the bucket, consumption during
-- a gap lands in the first bucket after it, and sums over consecutive buckets telescope.
-- A filter on a bucket column is applied above the window, never below it, so a range query still
-- sees the bucket before its range.
--
-- Day, month and year buckets are local to platform_config.time_zone and built from UTC hours
-- (an hour belongs to the local period of its start). date_trunc(field, instant, zone) gives the
-- local period start as an instant; the end is one local period later, converted back, so a DST
-- day lasts 23 or 25 hours. Every numeric column is cast to DOUBLE PRECISION or BIGINT explicitly:
-- sum() of BIGINT and avg() of integers are NUMERIC, which the original API could not decode.
--
-- Cost: lag() needs each device's whole hourly history, so a query reads all base rows (one per
-- device and hour, under 9 000 per device and year) whatever range it asks for. That keeps every
-- range exact, including its first bucket, at a cost that stays small for a household.

CREATE FUNCTION counter_increase(baseline BIGINT, first_reading BIGINT, last_reading BIGINT,
                                 min_reading BIGINT, max_reading BIGINT)
RETURNS BIGINT
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN
    CASE
        WHEN baseline IS NULL THEN 0                         -- the device's first bucket ever
        WHEN first_reading >= baseline THEN first_reading - baseline
        ELSE first_reading                                   -- reset between the buckets
    END
    +
    CASE
        WHEN min_reading >= first_reading THEN last_reading - first_reading
        ELSE (max_reading - first_reading) + last_reading    -- one reset inside the bucket
    END;

COMMENT ON FUNCTION counter_increase(BIGINT, BIGINT, BIGINT, BIGINT, BIGINT) IS
    'Rule 3.1: increase of a cumulative counter in a bucket from the last value of the previous '
    'non-empty bucket (baseline, NULL if none) and the bucket''s first, last, min and max';

-- Per meter and UTC hour: the energy increase in Wh and the power statistics. This is the common
-- input of energy_hourly and the local summaries.
CREATE VIEW energy_hourly_by_meter AS
SELECT
    b.bucket                                   AS hour_start,
    b.device_serial                            AS device_serial,
    counter_increase(lag(b.last_total) OVER meter_hours,
                     b.first_total, b.last_total, b.min_total, b.max_total)::BIGINT
                                               AS energy_wh,
    b.measurement_count::BIGINT                AS measurement_count,
    b.power_total_sum::BIGINT                  AS power_total_sum,
    b.power_total_n::BIGINT                    AS power_total_n,
    b.power_l1_sum::BIGINT                     AS power_l1_sum,
    b.power_l1_n::BIGINT                       AS power_l1_n,
    b.power_l2_sum::BIGINT                     AS power_l2_sum,
    b.power_l2_n::BIGINT                       AS power_l2_n,
    b.power_l3_sum::BIGINT                     AS power_l3_sum,
    b.power_l3_n::BIGINT                       AS power_l3_n
FROM energy_hourly_base AS b
WINDOW meter_hours AS (PARTITION BY b.device_serial ORDER BY b.bucket);

-- All meters summed per UTC hour. The average power of a meter is its mean over the hour; the
-- means are summed over meters (a meter without values in the hour adds nothing), and the column
-- is NULL when no meter has a value.
CREATE VIEW energy_hourly AS
SELECT
    m.hour_start                                                        AS hour_start,
    m.hour_start + INTERVAL '1 hour'                                    AS hour_end,
    (sum(m.energy_wh) / 1000.0)::DOUBLE PRECISION                       AS total_energy_kwh,
    (sum(m.power_l1_sum::DOUBLE PRECISION / NULLIF(m.power_l1_n, 0)) / 1000.0)::DOUBLE PRECISION
                                                                        AS avg_power_l1_kw,
    (sum(m.power_l2_sum::DOUBLE PRECISION / NULLIF(m.power_l2_n, 0)) / 1000.0)::DOUBLE PRECISION
                                                                        AS avg_power_l2_kw,
    (sum(m.power_l3_sum::DOUBLE PRECISION / NULLIF(m.power_l3_n, 0)) / 1000.0)::DOUBLE PRECISION
                                                                        AS avg_power_l3_kw,
    (sum(m.power_total_sum::DOUBLE PRECISION / NULLIF(m.power_total_n, 0))
        / 1000.0)::DOUBLE PRECISION                                     AS avg_power_total_kw,
    sum(m.measurement_count)::BIGINT                                    AS measurement_count
FROM energy_hourly_by_meter AS m
GROUP BY m.hour_start;

-- Local summaries. The energy is summed in whole Wh and divided once, which equals the sum of
-- total_energy_kwh of the hours in the period without accumulating rounding.
CREATE VIEW energy_daily_summary AS
SELECT
    p.period_start                                           AS day_start,
    ((p.period_start AT TIME ZONE c.time_zone) + INTERVAL '1 day')
        AT TIME ZONE c.time_zone                             AS day_end,
    (sum(m.energy_wh) / 1000.0)::DOUBLE PRECISION            AS energy_consumption_kwh,
    sum(m.measurement_count)::BIGINT                         AS measurement_count
FROM energy_hourly_by_meter AS m
CROSS JOIN platform_config AS c
CROSS JOIN LATERAL (SELECT date_trunc('day', m.hour_start, c.time_zone) AS period_start) AS p
GROUP BY p.period_start, c.time_zone;

CREATE VIEW energy_monthly_summary AS
SELECT
    p.period_start                                           AS month_start,
    ((p.period_start AT TIME ZONE c.time_zone) + INTERVAL '1 month')
        AT TIME ZONE c.time_zone                             AS month_end,
    (sum(m.energy_wh) / 1000.0)::DOUBLE PRECISION            AS energy_consumption_kwh,
    sum(m.measurement_count)::BIGINT                         AS measurement_count
FROM energy_hourly_by_meter AS m
CROSS JOIN platform_config AS c
CROSS JOIN LATERAL (SELECT date_trunc('month', m.hour_start, c.time_zone) AS period_start) AS p
GROUP BY p.period_start, c.time_zone;

CREATE VIEW energy_yearly_summary AS
SELECT
    p.period_start                                           AS year_start,
    ((p.period_start AT TIME ZONE c.time_zone) + INTERVAL '1 year')
        AT TIME ZONE c.time_zone                             AS year_end,
    (sum(m.energy_wh) / 1000.0)::DOUBLE PRECISION            AS energy_consumption_kwh,
    sum(m.measurement_count)::BIGINT                         AS measurement_count
FROM energy_hourly_by_meter AS m
CROSS JOIN platform_config AS c
CROSS JOIN LATERAL (SELECT date_trunc('year', m.hour_start, c.time_zone) AS period_start) AS p
GROUP BY p.period_start, c.time_zone;

-- Per heat pump and local day. The four runtime counters are unpivoted into one row per
-- (device, hour, counter) and hours without a value of that counter are dropped before lag(), so
-- the baseline is the previous bucket in which that counter was reported. A day whose readings
-- carry no value of a counter has an increase of 0 for it. Temperature averages are the mean of
-- the non-null readings of the day, NULL when there are none.
CREATE VIEW heatpump_daily_summary AS
WITH counter_hours AS (
    SELECT
        b.device_id,
        b.bucket,
        r.counter,
        counter_increase(lag(r.last_reading) OVER (PARTITION BY b.device_id, r.counter
                                                   ORDER BY b.bucket),
                         r.first_reading, r.last_reading, r.min_reading, r.max_reading)
            AS increase
    FROM heatpump_hourly_base AS b
    CROSS JOIN LATERAL (VALUES
        ('compressor', b.rt_compressor_first::BIGINT, b.rt_compressor_last::BIGINT,
                       b.rt_compressor_min::BIGINT, b.rt_compressor_max::BIGINT),
        ('hotwater',   b.rt_hotwater_first::BIGINT, b.rt_hotwater_last::BIGINT,
                       b.rt_hotwater_min::BIGINT, b.rt_hotwater_max::BIGINT),
        ('3kw',        b.rt_3kw_first::BIGINT, b.rt_3kw_last::BIGINT,
                       b.rt_3kw_min::BIGINT, b.rt_3kw_max::BIGINT),
        ('6kw',        b.rt_6kw_first::BIGINT, b.rt_6kw_last::BIGINT,
                       b.rt_6kw_min::BIGINT, b.rt_6kw_max::BIGINT)
    ) AS r(counter, first_reading, last_reading, min_reading, max_reading)
    WHERE r.first_reading IS NOT NULL
),
counter_days AS (
    SELECT
        h.device_id,
        date_trunc('day', h.bucket, c.time_zone)                     AS day,
        sum(h.increase) FILTER (WHERE h.counter = 'compressor')      AS compressor,
        sum(h.increase) FILTER (WHERE h.counter = 'hotwater')        AS hotwater,
        sum(h.increase) FILTER (WHERE h.counter = '3kw')             AS kw3,
        sum(h.increase) FILTER (WHERE h.counter = '6kw')             AS kw6
    FROM counter_hours AS h
    CROSS JOIN platform_config AS c
    GROUP BY h.device_id, date_trunc('day', h.bucket, c.time_zone)
),
temperature_days AS (
    SELECT
        b.device_id,
        date_trunc('day', b.bucket, c.time_zone)                                    AS day,
        sum(b.outdoor_temp_sum)    / NULLIF(sum(b.outdoor_temp_n), 0)    AS outdoor,
        sum(b.supplyline_temp_sum) / NULLIF(sum(b.supplyline_temp_n), 0) AS supplyline,
        sum(b.returnline_temp_sum) / NULLIF(sum(b.returnline_temp_n), 0) AS returnline,
        sum(b.hotwater_temp_sum)   / NULLIF(sum(b.hotwater_temp_n), 0)   AS hotwater,
        sum(b.brine_out_temp_sum)  / NULLIF(sum(b.brine_out_temp_n), 0)  AS brine_out,
        sum(b.brine_in_temp_sum)   / NULLIF(sum(b.brine_in_temp_n), 0)   AS brine_in
    FROM heatpump_hourly_base AS b
    CROSS JOIN platform_config AS c
    GROUP BY b.device_id, date_trunc('day', b.bucket, c.time_zone)
)
SELECT
    t.day                                              AS day,
    t.device_id                                        AS device_id,
    COALESCE(d.compressor, 0)::BIGINT                  AS daily_runtime_compressor_increase,
    COALESCE(d.hotwater, 0)::BIGINT                    AS daily_runtime_hotwater_increase,
    COALESCE(d.kw3, 0)::BIGINT                         AS daily_runtime_3kw_increase,
    COALESCE(d.kw6, 0)::BIGINT                         AS daily_runtime_6kw_increase,
    t.outdoor::DOUBLE PRECISION                        AS avg_outdoor_temp,
    t.supplyline::DOUBLE PRECISION                     AS avg_supplyline_temp,
    t.returnline::DOUBLE PRECISION                     AS avg_returnline_temp,
    t.hotwater::DOUBLE PRECISION                       AS avg_hotwater_temp,
    t.brine_out::DOUBLE PRECISION                      AS avg_brine_out_temp,
    t.brine_in::DOUBLE PRECISION                       AS avg_brine_in_temp
FROM temperature_days AS t
LEFT JOIN counter_days AS d ON d.device_id = t.device_id AND d.day = t.day;

GRANT SELECT ON energy_hourly_by_meter, energy_hourly, energy_daily_summary,
    energy_monthly_summary, energy_yearly_summary, heatpump_daily_summary
    TO telemetry_reader;
