-- Stored local days behind the range functions of migration 005 (database.md section 3;
-- db/README.md).
--
-- energy_summary_between and heatpump_daily_summary_between folded every hour of their range on
-- every call: a yearly summary read all 8 760 hourly base rows of each device and year, and the
-- cost grew with the history kept. energy_daily_base and heatpump_daily_base hold, per device and
-- local day of platform_config.time_zone, exactly what those functions compute from the day's hours:
-- the day's counter increases (rule 3.1: the sum of its hours' increases) and the sums and counts
-- behind its averages. They are derived data, rewritten from the hourly base by
-- refresh_daily_base(), and can always be rebuilt.
--
-- daily_base_state.stored_until splits every read: local days starting before it come from the
-- stored days, hours from it on from the hourly base as before. It is always a local midnight of
-- the configured zone. A refresh recomputes the days from the old split, or from four days before
-- the new one when that is earlier, up to the start of the current local day, and moves the split
-- there. The current day is therefore always read live, and a refresh that does not run makes
-- reads slower, never wrong.
--
-- Rows that arrive late for a stored day:
--   plain mode: triggers on the hourly base tables note every changed hour before the split, in
--     the writer's transaction. The next refresh recomputes the days of those hours and the day of
--     each device's next non-empty hour, whose baseline the change may have moved.
--   TimescaleDB mode: the continuous aggregates re-aggregate raw rows up to three days old
--     (refresh policy, migration 003), which the four recomputed days cover. Older changes come
--     only from `homelab-migrate --refresh-aggregates`, which calls reset_daily_base() afterwards.
-- A new platform_config.time_zone empties the stored days: they are the old zone's days.
--
-- The telemetry sink calls refresh_daily_base() periodically in both modes.

CREATE TABLE daily_base_state (
    singleton    BOOLEAN     PRIMARY KEY DEFAULT true CHECK (singleton),
    stored_until TIMESTAMPTZ NOT NULL
);

INSERT INTO daily_base_state (stored_until) VALUES ('-infinity');

COMMENT ON TABLE daily_base_state IS
    'Local days starting before stored_until are read from energy_daily_base and '
    'heatpump_daily_base; later hours from the hourly base';

CREATE TABLE energy_daily_base (
    day_start         TIMESTAMPTZ NOT NULL,
    device_serial     TEXT        NOT NULL,
    energy_wh         BIGINT      NOT NULL,
    measurement_count BIGINT      NOT NULL,
    CONSTRAINT energy_daily_base_pkey PRIMARY KEY (day_start, device_serial)
);

COMMENT ON TABLE energy_daily_base IS
    'Per meter and local day: energy increase in Wh (rule 3.1) and readings. Derived from '
    'energy_hourly_base by refresh_daily_base()';

CREATE TABLE heatpump_daily_base (
    day_start                   TIMESTAMPTZ      NOT NULL,
    device_id                   TEXT             NOT NULL,
    runtime_compressor_increase BIGINT           NOT NULL,
    runtime_hotwater_increase   BIGINT           NOT NULL,
    runtime_3kw_increase        BIGINT           NOT NULL,
    runtime_6kw_increase        BIGINT           NOT NULL,
    outdoor_temp_sum            DOUBLE PRECISION,
    outdoor_temp_n              BIGINT           NOT NULL,
    supplyline_temp_sum         DOUBLE PRECISION,
    supplyline_temp_n           BIGINT           NOT NULL,
    returnline_temp_sum         DOUBLE PRECISION,
    returnline_temp_n           BIGINT           NOT NULL,
    hotwater_temp_sum           DOUBLE PRECISION,
    hotwater_temp_n             BIGINT           NOT NULL,
    brine_out_temp_sum          DOUBLE PRECISION,
    brine_out_temp_n            BIGINT           NOT NULL,
    brine_in_temp_sum           DOUBLE PRECISION,
    brine_in_temp_n             BIGINT           NOT NULL,
    CONSTRAINT heatpump_daily_base_pkey PRIMARY KEY (day_start, device_id)
);

COMMENT ON TABLE heatpump_daily_base IS
    'Per heat pump and local day: runtime counter increases (rule 3.1), temperature sums and '
    'counts. Derived from heatpump_hourly_base by refresh_daily_base()';

-- Hours changed before the split since the last refresh (plain mode only).
CREATE TABLE energy_daily_late_hours (
    device_serial TEXT        NOT NULL,
    bucket        TIMESTAMPTZ NOT NULL,
    CONSTRAINT energy_daily_late_hours_pkey PRIMARY KEY (device_serial, bucket)
);

CREATE TABLE heatpump_daily_late_hours (
    device_id TEXT        NOT NULL,
    bucket    TIMESTAMPTZ NOT NULL,
    CONSTRAINT heatpump_daily_late_hours_pkey PRIMARY KEY (device_id, bucket)
);

-- The heat pump day rows of the hours in [first_hour, end_hour), which callers pass as local
-- midnights: counter increases (0 for a counter without readings that day) and temperature sums.
-- The baseline of a counter's first bucket is its previous bucket in which that counter was
-- reported, as in the view heatpump_daily_summary.
CREATE FUNCTION heatpump_days_between(first_hour TIMESTAMPTZ, end_hour TIMESTAMPTZ,
                                      time_zone TEXT)
RETURNS TABLE (
    day_start                   TIMESTAMPTZ,
    device_id                   TEXT,
    runtime_compressor_increase BIGINT,
    runtime_hotwater_increase   BIGINT,
    runtime_3kw_increase        BIGINT,
    runtime_6kw_increase        BIGINT,
    outdoor_temp_sum            DOUBLE PRECISION,
    outdoor_temp_n              BIGINT,
    supplyline_temp_sum         DOUBLE PRECISION,
    supplyline_temp_n           BIGINT,
    returnline_temp_sum         DOUBLE PRECISION,
    returnline_temp_n           BIGINT,
    hotwater_temp_sum           DOUBLE PRECISION,
    hotwater_temp_n             BIGINT,
    brine_out_temp_sum          DOUBLE PRECISION,
    brine_out_temp_n            BIGINT,
    brine_in_temp_sum           DOUBLE PRECISION,
    brine_in_temp_n             BIGINT)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH hours AS (
    SELECT b.*, date_trunc('day', b.bucket, time_zone) AS local_day
    FROM heatpump_hourly_base AS b
    WHERE b.bucket >= first_hour AND b.bucket < end_hour
),
-- The baseline is a column of its own, computed under the window, so that counter_increase,
-- which uses it three times, is inlined (see energy_hourly_by_meter_between in 005).
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
counter_increases AS (
    SELECT
        h.device_id,
        h.local_day,
        h.counter,
        counter_increase(h.baseline, h.first_reading, h.last_reading, h.min_reading,
                         h.max_reading) AS increase
    FROM counter_hours AS h
),
counter_days AS (
    SELECT
        c.device_id,
        c.local_day,
        sum(c.increase) FILTER (WHERE c.counter = 'compressor') AS compressor,
        sum(c.increase) FILTER (WHERE c.counter = 'hotwater')   AS hotwater,
        sum(c.increase) FILTER (WHERE c.counter = '3kw')        AS kw3,
        sum(c.increase) FILTER (WHERE c.counter = '6kw')        AS kw6
    FROM counter_increases AS c
    GROUP BY c.device_id, c.local_day
),
temperature_days AS (
    SELECT
        h.device_id,
        h.local_day,
        sum(h.outdoor_temp_sum) AS outdoor_sum,       sum(h.outdoor_temp_n) AS outdoor_n,
        sum(h.supplyline_temp_sum) AS supplyline_sum, sum(h.supplyline_temp_n) AS supplyline_n,
        sum(h.returnline_temp_sum) AS returnline_sum, sum(h.returnline_temp_n) AS returnline_n,
        sum(h.hotwater_temp_sum) AS hotwater_sum,     sum(h.hotwater_temp_n) AS hotwater_n,
        sum(h.brine_out_temp_sum) AS brine_out_sum,   sum(h.brine_out_temp_n) AS brine_out_n,
        sum(h.brine_in_temp_sum) AS brine_in_sum,     sum(h.brine_in_temp_n) AS brine_in_n
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
    t.outdoor_sum::DOUBLE PRECISION,    t.outdoor_n::BIGINT,
    t.supplyline_sum::DOUBLE PRECISION, t.supplyline_n::BIGINT,
    t.returnline_sum::DOUBLE PRECISION, t.returnline_n::BIGINT,
    t.hotwater_sum::DOUBLE PRECISION,   t.hotwater_n::BIGINT,
    t.brine_out_sum::DOUBLE PRECISION,  t.brine_out_n::BIGINT,
    t.brine_in_sum::DOUBLE PRECISION,   t.brine_in_n::BIGINT
FROM temperature_days AS t
LEFT JOIN counter_days AS d ON d.device_id = t.device_id AND d.local_day = t.local_day
$$;

-- Same signature and rows as in 005: stored days before the split, hours after it.
CREATE OR REPLACE FUNCTION energy_summary_between(period TEXT, range_start TIMESTAMPTZ,
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
    (sum(u.energy_wh) / 1000.0)::DOUBLE PRECISION,
    sum(u.measurement_count)::BIGINT
FROM (
    SELECT
        c.time_zone,
        local_period_ceil(period, range_start, c.time_zone) AS first_hour,
        local_period_ceil(period, range_end, c.time_zone) AS end_hour,
        s.stored_until
    FROM platform_config AS c
    CROSS JOIN daily_base_state AS s
    OFFSET 0  -- the bounds once per call, not once per stored day
) AS x
CROSS JOIN LATERAL (
    SELECT d.day_start AS bucket, d.energy_wh, d.measurement_count
    FROM energy_daily_base AS d
    WHERE d.day_start >= x.first_hour AND d.day_start < LEAST(x.end_hour, x.stored_until)
    UNION ALL
    SELECT m.hour_start, m.energy_wh, m.measurement_count
    FROM energy_hourly_by_meter_between(GREATEST(x.first_hour, x.stored_until), x.end_hour) AS m
) AS u
CROSS JOIN LATERAL (SELECT date_trunc(period, u.bucket, x.time_zone) AS period_start) AS p
GROUP BY p.period_start, x.time_zone
$$;

CREATE OR REPLACE FUNCTION heatpump_daily_summary_between(range_start TIMESTAMPTZ,
                                                          range_end TIMESTAMPTZ)
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
SELECT
    u.day_start,
    u.device_id,
    u.runtime_compressor_increase,
    u.runtime_hotwater_increase,
    u.runtime_3kw_increase,
    u.runtime_6kw_increase,
    (u.outdoor_temp_sum / NULLIF(u.outdoor_temp_n, 0))::DOUBLE PRECISION,
    (u.supplyline_temp_sum / NULLIF(u.supplyline_temp_n, 0))::DOUBLE PRECISION,
    (u.returnline_temp_sum / NULLIF(u.returnline_temp_n, 0))::DOUBLE PRECISION,
    (u.hotwater_temp_sum / NULLIF(u.hotwater_temp_n, 0))::DOUBLE PRECISION,
    (u.brine_out_temp_sum / NULLIF(u.brine_out_temp_n, 0))::DOUBLE PRECISION,
    (u.brine_in_temp_sum / NULLIF(u.brine_in_temp_n, 0))::DOUBLE PRECISION
FROM (
    SELECT
        c.time_zone,
        local_period_ceil('day', range_start, c.time_zone) AS first_hour,
        local_period_ceil('day', range_end, c.time_zone) AS end_hour,
        s.stored_until
    FROM platform_config AS c
    CROSS JOIN daily_base_state AS s
    OFFSET 0  -- the bounds once per call, not once per stored day
) AS x
CROSS JOIN LATERAL (
    SELECT d.*
    FROM heatpump_daily_base AS d
    WHERE d.day_start >= x.first_hour AND d.day_start < LEAST(x.end_hour, x.stored_until)
    UNION ALL
    SELECT h.*
    FROM heatpump_days_between(GREATEST(x.first_hour, x.stored_until), x.end_hour,
                               x.time_zone) AS h
) AS u
$$;

-- Rewrites the stored days of [day_from, day_to) (local midnights) from the hourly base.
CREATE FUNCTION store_days(day_from TIMESTAMPTZ, day_to TIMESTAMPTZ, time_zone TEXT)
RETURNS VOID
LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM energy_daily_base WHERE day_start >= day_from AND day_start < day_to;
    INSERT INTO energy_daily_base (day_start, device_serial, energy_wh, measurement_count)
    SELECT date_trunc('day', m.hour_start, time_zone), m.device_serial, sum(m.energy_wh),
           sum(m.measurement_count)
    FROM energy_hourly_by_meter_between(day_from, day_to) AS m
    GROUP BY 1, 2;

    DELETE FROM heatpump_daily_base WHERE day_start >= day_from AND day_start < day_to;
    INSERT INTO heatpump_daily_base
    SELECT * FROM heatpump_days_between(day_from, day_to, time_zone);
END;
$$;

-- Stores the local days before the one `until` lies in (see the top of this file) and returns
-- the new split. The writer role runs it; it runs as the owner.
CREATE FUNCTION refresh_daily_base(until TIMESTAMPTZ DEFAULT now())
RETURNS TIMESTAMPTZ
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
    zone      TEXT;
    old_split TIMESTAMPTZ;
    new_split TIMESTAMPTZ;
    day_from  TIMESTAMPTZ;
    late_day  TIMESTAMPTZ;
BEGIN
    -- Plain mode: wait for the writers' open transactions and hold new ones back until this one
    -- commits. Every hourly row is then either read below or written after the new split is
    -- visible, and a write before the split is noted for the next refresh.
    IF (SELECT relkind FROM pg_class WHERE oid = 'energy_hourly_base'::regclass) = 'r' THEN
        LOCK TABLE energy_hourly_base, heatpump_hourly_base IN SHARE MODE;
    END IF;
    -- One refresh at a time (several sink replicas).
    SELECT s.stored_until INTO old_split FROM daily_base_state AS s FOR UPDATE;
    SELECT c.time_zone INTO zone FROM platform_config AS c;
    new_split := date_trunc('day', until, zone);
    day_from := LEAST(old_split,
                      ((new_split AT TIME ZONE zone) - INTERVAL '4 days') AT TIME ZONE zone);

    PERFORM store_days(day_from, new_split, zone);
    -- Reads ignore days from the split on; a split moved back leaves none behind.
    DELETE FROM energy_daily_base WHERE day_start >= new_split;
    DELETE FROM heatpump_daily_base WHERE day_start >= new_split;

    -- Earlier days with late hours, and the day of each device's next hour holding the counter,
    -- whose baseline a late hour may have changed.
    FOR late_day IN
        WITH late_energy AS (
            DELETE FROM energy_daily_late_hours RETURNING device_serial, bucket
        ),
        late_heatpump AS (
            DELETE FROM heatpump_daily_late_hours RETURNING device_id, bucket
        ),
        changed_hours AS (
            SELECT l.bucket FROM late_energy AS l
            UNION ALL
            SELECT n.bucket
            FROM late_energy AS l
            CROSS JOIN LATERAL (SELECT b.bucket FROM energy_hourly_base AS b
                                WHERE b.device_serial = l.device_serial AND b.bucket > l.bucket
                                ORDER BY b.bucket LIMIT 1) AS n
            UNION ALL
            SELECT l.bucket FROM late_heatpump AS l
            UNION ALL
            SELECT n.bucket
            FROM late_heatpump AS l
            CROSS JOIN LATERAL (
                (SELECT b.bucket FROM heatpump_hourly_base AS b
                 WHERE b.device_id = l.device_id AND b.bucket > l.bucket
                   AND b.rt_compressor_first IS NOT NULL ORDER BY b.bucket LIMIT 1)
                UNION ALL
                (SELECT b.bucket FROM heatpump_hourly_base AS b
                 WHERE b.device_id = l.device_id AND b.bucket > l.bucket
                   AND b.rt_hotwater_first IS NOT NULL ORDER BY b.bucket LIMIT 1)
                UNION ALL
                (SELECT b.bucket FROM heatpump_hourly_base AS b
                 WHERE b.device_id = l.device_id AND b.bucket > l.bucket
                   AND b.rt_3kw_first IS NOT NULL ORDER BY b.bucket LIMIT 1)
                UNION ALL
                (SELECT b.bucket FROM heatpump_hourly_base AS b
                 WHERE b.device_id = l.device_id AND b.bucket > l.bucket
                   AND b.rt_6kw_first IS NOT NULL ORDER BY b.bucket LIMIT 1)
            ) AS n
        )
        SELECT DISTINCT date_trunc('day', h.bucket, zone) FROM changed_hours AS h
    LOOP
        IF late_day < day_from THEN
            PERFORM store_days(late_day, local_period_end('day', late_day, zone), zone);
        END IF;
    END LOOP;

    UPDATE daily_base_state SET stored_until = new_split;
    RETURN new_split;
END;
$$;

-- Empties the stored days, so that the next refresh rebuilds them all: after a change of the
-- time zone, or after TimescaleDB's aggregates were refreshed over their whole range.
CREATE FUNCTION reset_daily_base()
RETURNS VOID
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM 1 FROM daily_base_state FOR UPDATE;
    DELETE FROM energy_daily_base;
    DELETE FROM heatpump_daily_base;
    DELETE FROM energy_daily_late_hours;
    DELETE FROM heatpump_daily_late_hours;
    UPDATE daily_base_state SET stored_until = '-infinity';
END;
$$;

CREATE FUNCTION reset_daily_base_on_new_zone() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM reset_daily_base();
    RETURN NULL;
END;
$$;

CREATE TRIGGER reset_daily_base_on_new_zone
    AFTER UPDATE OF time_zone ON platform_config
    FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
    EXECUTE FUNCTION reset_daily_base_on_new_zone();

-- Plain mode: note hourly base rows changed before the split. The merge triggers of 003 write
-- them with INSERT ... ON CONFLICT DO UPDATE, which fires the insert and the update triggers,
-- each with its own transition table.
CREATE FUNCTION note_late_energy_hours() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO energy_daily_late_hours (device_serial, bucket)
    SELECT c.device_serial, c.bucket
    FROM changed AS c
    WHERE c.bucket < (SELECT s.stored_until FROM daily_base_state AS s)
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE FUNCTION note_late_heatpump_hours() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO heatpump_daily_late_hours (device_id, bucket)
    SELECT c.device_id, c.bucket
    FROM changed AS c
    WHERE c.bucket < (SELECT s.stored_until FROM daily_base_state AS s)
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

DO $$
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = 'energy_hourly_base'::regclass) = 'r' THEN
        CREATE TRIGGER note_late_energy_hours_inserted
            AFTER INSERT ON energy_hourly_base REFERENCING NEW TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION note_late_energy_hours();
        CREATE TRIGGER note_late_energy_hours_updated
            AFTER UPDATE ON energy_hourly_base REFERENCING NEW TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION note_late_energy_hours();
        CREATE TRIGGER note_late_heatpump_hours_inserted
            AFTER INSERT ON heatpump_hourly_base REFERENCING NEW TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION note_late_heatpump_hours();
        CREATE TRIGGER note_late_heatpump_hours_updated
            AFTER UPDATE ON heatpump_hourly_base REFERENCING NEW TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION note_late_heatpump_hours();
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION store_days(TIMESTAMPTZ, TIMESTAMPTZ, TEXT),
    refresh_daily_base(TIMESTAMPTZ), reset_daily_base() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION refresh_daily_base(TIMESTAMPTZ) TO telemetry_writer;
GRANT EXECUTE ON FUNCTION heatpump_days_between(TIMESTAMPTZ, TIMESTAMPTZ, TEXT) TO telemetry_reader;
