-- Hourly base relations in plain PostgreSQL mode (database.md sections 3.3 and 6).
--
-- energy_hourly_base and heatpump_hourly_base are ordinary tables keyed by (device, UTC hour).
-- They are maintained in the same transaction as the raw insert by statement-level AFTER INSERT
-- triggers with a transition table. With INSERT ... ON CONFLICT DO NOTHING the transition table
-- holds only the rows that were really inserted, so a redelivered record changes nothing, and
-- COPY fires the same triggers. Each statement folds its new rows into per-hour partial
-- aggregates and merges them into the stored ones:
--   first/last  the value at the earlier/later time (times are compared, not values),
--   min/max     by value,
--   sums/counts added.
-- These merges are associative and commutative, so rows arriving late or out of order give the
-- same stored result as rows arriving in order. Raw rows deleted by retention leave the base rows
-- untouched: the aggregates are kept forever.

CREATE TABLE energy_hourly_base (
    bucket            TIMESTAMPTZ NOT NULL,
    device_serial     TEXT        NOT NULL,
    first_time        TIMESTAMPTZ NOT NULL,
    first_total       BIGINT      NOT NULL,
    last_time         TIMESTAMPTZ NOT NULL,
    last_total        BIGINT      NOT NULL,
    min_total         BIGINT      NOT NULL,
    max_total         BIGINT      NOT NULL,
    measurement_count BIGINT      NOT NULL,
    power_total_sum   BIGINT,
    power_total_n     BIGINT      NOT NULL,
    power_l1_sum      BIGINT,
    power_l1_n        BIGINT      NOT NULL,
    power_l2_sum      BIGINT,
    power_l2_n        BIGINT      NOT NULL,
    power_l3_sum      BIGINT,
    power_l3_n        BIGINT      NOT NULL,
    CONSTRAINT energy_hourly_base_pkey PRIMARY KEY (device_serial, bucket)
);

COMMENT ON TABLE energy_hourly_base IS
    'Per meter and UTC hour: counter first/last/min/max of active_energy_total, power sums. '
    'Maintained by trigger from energy_consumption; never delete rows';

-- The runtime counters may be null in a reading, so "first" and "last" of a counter are taken
-- among the readings where that counter is not null. Merging a later batch therefore needs the
-- time of each counter's first and last value: rt_<name>_first_time / rt_<name>_last_time are
-- kept beside the contract's columns (the TimescaleDB aggregate carries the same columns).
CREATE TABLE heatpump_hourly_base (
    bucket                TIMESTAMPTZ NOT NULL,
    device_id             TEXT        NOT NULL,
    measurement_count     BIGINT      NOT NULL,
    rt_compressor_first   INTEGER,
    rt_compressor_last    INTEGER,
    rt_compressor_min     INTEGER,
    rt_compressor_max     INTEGER,
    rt_hotwater_first     INTEGER,
    rt_hotwater_last      INTEGER,
    rt_hotwater_min       INTEGER,
    rt_hotwater_max       INTEGER,
    rt_3kw_first          INTEGER,
    rt_3kw_last           INTEGER,
    rt_3kw_min            INTEGER,
    rt_3kw_max            INTEGER,
    rt_6kw_first          INTEGER,
    rt_6kw_last           INTEGER,
    rt_6kw_min            INTEGER,
    rt_6kw_max            INTEGER,
    outdoor_temp_sum      DOUBLE PRECISION,
    outdoor_temp_n        BIGINT      NOT NULL,
    supplyline_temp_sum   DOUBLE PRECISION,
    supplyline_temp_n     BIGINT      NOT NULL,
    returnline_temp_sum   DOUBLE PRECISION,
    returnline_temp_n     BIGINT      NOT NULL,
    hotwater_temp_sum     DOUBLE PRECISION,
    hotwater_temp_n       BIGINT      NOT NULL,
    brine_out_temp_sum    DOUBLE PRECISION,
    brine_out_temp_n      BIGINT      NOT NULL,
    brine_in_temp_sum     DOUBLE PRECISION,
    brine_in_temp_n       BIGINT      NOT NULL,
    rt_compressor_first_time TIMESTAMPTZ,
    rt_compressor_last_time  TIMESTAMPTZ,
    rt_hotwater_first_time   TIMESTAMPTZ,
    rt_hotwater_last_time    TIMESTAMPTZ,
    rt_3kw_first_time        TIMESTAMPTZ,
    rt_3kw_last_time         TIMESTAMPTZ,
    rt_6kw_first_time        TIMESTAMPTZ,
    rt_6kw_last_time         TIMESTAMPTZ,
    CONSTRAINT heatpump_hourly_base_pkey PRIMARY KEY (device_id, bucket)
);

COMMENT ON TABLE heatpump_hourly_base IS
    'Per heat pump and UTC hour: runtime counter first/last/min/max, temperature sums. '
    'Maintained by trigger from heatpump_status; never delete rows';

-- The trigger functions run as their owner (the migration role), so the writer needs no SELECT on
-- the base tables: reading the stored row in ON CONFLICT DO UPDATE would otherwise require it.
-- search_path is pinned, as for every SECURITY DEFINER function.
--
-- Sums of NULL-only groups stay NULL (like sum() in the TimescaleDB aggregate), hence
-- COALESCE(stored + new, stored, new). Upserts are sorted by key so that concurrent writers lock
-- base rows in the same order and cannot deadlock each other.

CREATE FUNCTION energy_hourly_base_merge() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO energy_hourly_base AS b (
        bucket, device_serial, first_time, first_total, last_time, last_total,
        min_total, max_total, measurement_count,
        power_total_sum, power_total_n, power_l1_sum, power_l1_n,
        power_l2_sum, power_l2_n, power_l3_sum, power_l3_n)
    SELECT
        date_trunc('hour', n.time, 'UTC'),
        n.device_serial,
        min(n.time),
        (array_agg(n.active_energy_total ORDER BY n.time))[1],
        max(n.time),
        (array_agg(n.active_energy_total ORDER BY n.time DESC))[1],
        min(n.active_energy_total),
        max(n.active_energy_total),
        count(*),
        sum(n.active_power_total), count(n.active_power_total),
        sum(n.active_power_l1), count(n.active_power_l1),
        sum(n.active_power_l2), count(n.active_power_l2),
        sum(n.active_power_l3), count(n.active_power_l3)
    FROM new_rows AS n
    GROUP BY n.device_serial, date_trunc('hour', n.time, 'UTC')
    ORDER BY n.device_serial, date_trunc('hour', n.time, 'UTC')
    ON CONFLICT (device_serial, bucket) DO UPDATE SET
        first_time  = LEAST(b.first_time, EXCLUDED.first_time),
        first_total = CASE WHEN EXCLUDED.first_time < b.first_time
                           THEN EXCLUDED.first_total ELSE b.first_total END,
        last_time   = GREATEST(b.last_time, EXCLUDED.last_time),
        last_total  = CASE WHEN EXCLUDED.last_time > b.last_time
                           THEN EXCLUDED.last_total ELSE b.last_total END,
        min_total   = LEAST(b.min_total, EXCLUDED.min_total),
        max_total   = GREATEST(b.max_total, EXCLUDED.max_total),
        measurement_count = b.measurement_count + EXCLUDED.measurement_count,
        power_total_sum = COALESCE(b.power_total_sum + EXCLUDED.power_total_sum,
                                   b.power_total_sum, EXCLUDED.power_total_sum),
        power_total_n   = b.power_total_n + EXCLUDED.power_total_n,
        power_l1_sum    = COALESCE(b.power_l1_sum + EXCLUDED.power_l1_sum,
                                   b.power_l1_sum, EXCLUDED.power_l1_sum),
        power_l1_n      = b.power_l1_n + EXCLUDED.power_l1_n,
        power_l2_sum    = COALESCE(b.power_l2_sum + EXCLUDED.power_l2_sum,
                                   b.power_l2_sum, EXCLUDED.power_l2_sum),
        power_l2_n      = b.power_l2_n + EXCLUDED.power_l2_n,
        power_l3_sum    = COALESCE(b.power_l3_sum + EXCLUDED.power_l3_sum,
                                   b.power_l3_sum, EXCLUDED.power_l3_sum),
        power_l3_n      = b.power_l3_n + EXCLUDED.power_l3_n;
    RETURN NULL;
END;
$$;

CREATE TRIGGER energy_hourly_base_merge
    AFTER INSERT ON energy_consumption
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION energy_hourly_base_merge();

-- For a runtime counter, the batch's first value is taken among the rows where it is not null
-- (FILTER), and the stored first value is replaced only by a strictly earlier non-null one. A NULL
-- time on either side (no value for that counter) never wins a comparison, and LEAST/GREATEST
-- ignore NULLs, so a batch without the counter leaves the stored counter statistics unchanged.
CREATE FUNCTION heatpump_hourly_base_merge() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO heatpump_hourly_base AS b (
        bucket, device_id, measurement_count,
        rt_compressor_first, rt_compressor_last, rt_compressor_min, rt_compressor_max,
        rt_hotwater_first, rt_hotwater_last, rt_hotwater_min, rt_hotwater_max,
        rt_3kw_first, rt_3kw_last, rt_3kw_min, rt_3kw_max,
        rt_6kw_first, rt_6kw_last, rt_6kw_min, rt_6kw_max,
        outdoor_temp_sum, outdoor_temp_n, supplyline_temp_sum, supplyline_temp_n,
        returnline_temp_sum, returnline_temp_n, hotwater_temp_sum, hotwater_temp_n,
        brine_out_temp_sum, brine_out_temp_n, brine_in_temp_sum, brine_in_temp_n,
        rt_compressor_first_time, rt_compressor_last_time,
        rt_hotwater_first_time, rt_hotwater_last_time,
        rt_3kw_first_time, rt_3kw_last_time,
        rt_6kw_first_time, rt_6kw_last_time)
    SELECT
        date_trunc('hour', n.time, 'UTC'),
        n.device_id,
        count(*),
        (array_agg(n.runtime_compressor ORDER BY n.time)
            FILTER (WHERE n.runtime_compressor IS NOT NULL))[1],
        (array_agg(n.runtime_compressor ORDER BY n.time DESC)
            FILTER (WHERE n.runtime_compressor IS NOT NULL))[1],
        min(n.runtime_compressor), max(n.runtime_compressor),
        (array_agg(n.runtime_hotwater ORDER BY n.time)
            FILTER (WHERE n.runtime_hotwater IS NOT NULL))[1],
        (array_agg(n.runtime_hotwater ORDER BY n.time DESC)
            FILTER (WHERE n.runtime_hotwater IS NOT NULL))[1],
        min(n.runtime_hotwater), max(n.runtime_hotwater),
        (array_agg(n.runtime_3kw ORDER BY n.time)
            FILTER (WHERE n.runtime_3kw IS NOT NULL))[1],
        (array_agg(n.runtime_3kw ORDER BY n.time DESC)
            FILTER (WHERE n.runtime_3kw IS NOT NULL))[1],
        min(n.runtime_3kw), max(n.runtime_3kw),
        (array_agg(n.runtime_6kw ORDER BY n.time)
            FILTER (WHERE n.runtime_6kw IS NOT NULL))[1],
        (array_agg(n.runtime_6kw ORDER BY n.time DESC)
            FILTER (WHERE n.runtime_6kw IS NOT NULL))[1],
        min(n.runtime_6kw), max(n.runtime_6kw),
        sum(n.outdoor_temp), count(n.outdoor_temp),
        sum(n.supplyline_temp), count(n.supplyline_temp),
        sum(n.returnline_temp), count(n.returnline_temp),
        sum(n.hotwater_temp), count(n.hotwater_temp),
        sum(n.brine_out_temp), count(n.brine_out_temp),
        sum(n.brine_in_temp), count(n.brine_in_temp),
        min(n.time) FILTER (WHERE n.runtime_compressor IS NOT NULL),
        max(n.time) FILTER (WHERE n.runtime_compressor IS NOT NULL),
        min(n.time) FILTER (WHERE n.runtime_hotwater IS NOT NULL),
        max(n.time) FILTER (WHERE n.runtime_hotwater IS NOT NULL),
        min(n.time) FILTER (WHERE n.runtime_3kw IS NOT NULL),
        max(n.time) FILTER (WHERE n.runtime_3kw IS NOT NULL),
        min(n.time) FILTER (WHERE n.runtime_6kw IS NOT NULL),
        max(n.time) FILTER (WHERE n.runtime_6kw IS NOT NULL)
    FROM new_rows AS n
    GROUP BY n.device_id, date_trunc('hour', n.time, 'UTC')
    ORDER BY n.device_id, date_trunc('hour', n.time, 'UTC')
    ON CONFLICT (device_id, bucket) DO UPDATE SET
        measurement_count = b.measurement_count + EXCLUDED.measurement_count,

        rt_compressor_first = CASE WHEN b.rt_compressor_first_time IS NULL
                                     OR EXCLUDED.rt_compressor_first_time
                                        < b.rt_compressor_first_time
                                   THEN EXCLUDED.rt_compressor_first
                                   ELSE b.rt_compressor_first END,
        rt_compressor_last  = CASE WHEN b.rt_compressor_last_time IS NULL
                                     OR EXCLUDED.rt_compressor_last_time
                                        > b.rt_compressor_last_time
                                   THEN EXCLUDED.rt_compressor_last
                                   ELSE b.rt_compressor_last END,
        rt_compressor_min   = LEAST(b.rt_compressor_min, EXCLUDED.rt_compressor_min),
        rt_compressor_max   = GREATEST(b.rt_compressor_max, EXCLUDED.rt_compressor_max),
        rt_compressor_first_time = LEAST(b.rt_compressor_first_time,
                                         EXCLUDED.rt_compressor_first_time),
        rt_compressor_last_time  = GREATEST(b.rt_compressor_last_time,
                                            EXCLUDED.rt_compressor_last_time),

        rt_hotwater_first = CASE WHEN b.rt_hotwater_first_time IS NULL
                                   OR EXCLUDED.rt_hotwater_first_time < b.rt_hotwater_first_time
                                 THEN EXCLUDED.rt_hotwater_first ELSE b.rt_hotwater_first END,
        rt_hotwater_last  = CASE WHEN b.rt_hotwater_last_time IS NULL
                                   OR EXCLUDED.rt_hotwater_last_time > b.rt_hotwater_last_time
                                 THEN EXCLUDED.rt_hotwater_last ELSE b.rt_hotwater_last END,
        rt_hotwater_min   = LEAST(b.rt_hotwater_min, EXCLUDED.rt_hotwater_min),
        rt_hotwater_max   = GREATEST(b.rt_hotwater_max, EXCLUDED.rt_hotwater_max),
        rt_hotwater_first_time = LEAST(b.rt_hotwater_first_time, EXCLUDED.rt_hotwater_first_time),
        rt_hotwater_last_time  = GREATEST(b.rt_hotwater_last_time, EXCLUDED.rt_hotwater_last_time),

        rt_3kw_first = CASE WHEN b.rt_3kw_first_time IS NULL
                              OR EXCLUDED.rt_3kw_first_time < b.rt_3kw_first_time
                            THEN EXCLUDED.rt_3kw_first ELSE b.rt_3kw_first END,
        rt_3kw_last  = CASE WHEN b.rt_3kw_last_time IS NULL
                              OR EXCLUDED.rt_3kw_last_time > b.rt_3kw_last_time
                            THEN EXCLUDED.rt_3kw_last ELSE b.rt_3kw_last END,
        rt_3kw_min   = LEAST(b.rt_3kw_min, EXCLUDED.rt_3kw_min),
        rt_3kw_max   = GREATEST(b.rt_3kw_max, EXCLUDED.rt_3kw_max),
        rt_3kw_first_time = LEAST(b.rt_3kw_first_time, EXCLUDED.rt_3kw_first_time),
        rt_3kw_last_time  = GREATEST(b.rt_3kw_last_time, EXCLUDED.rt_3kw_last_time),

        rt_6kw_first = CASE WHEN b.rt_6kw_first_time IS NULL
                              OR EXCLUDED.rt_6kw_first_time < b.rt_6kw_first_time
                            THEN EXCLUDED.rt_6kw_first ELSE b.rt_6kw_first END,
        rt_6kw_last  = CASE WHEN b.rt_6kw_last_time IS NULL
                              OR EXCLUDED.rt_6kw_last_time > b.rt_6kw_last_time
                            THEN EXCLUDED.rt_6kw_last ELSE b.rt_6kw_last END,
        rt_6kw_min   = LEAST(b.rt_6kw_min, EXCLUDED.rt_6kw_min),
        rt_6kw_max   = GREATEST(b.rt_6kw_max, EXCLUDED.rt_6kw_max),
        rt_6kw_first_time = LEAST(b.rt_6kw_first_time, EXCLUDED.rt_6kw_first_time),
        rt_6kw_last_time  = GREATEST(b.rt_6kw_last_time, EXCLUDED.rt_6kw_last_time),

        outdoor_temp_sum    = COALESCE(b.outdoor_temp_sum + EXCLUDED.outdoor_temp_sum,
                                       b.outdoor_temp_sum, EXCLUDED.outdoor_temp_sum),
        outdoor_temp_n      = b.outdoor_temp_n + EXCLUDED.outdoor_temp_n,
        supplyline_temp_sum = COALESCE(b.supplyline_temp_sum + EXCLUDED.supplyline_temp_sum,
                                       b.supplyline_temp_sum, EXCLUDED.supplyline_temp_sum),
        supplyline_temp_n   = b.supplyline_temp_n + EXCLUDED.supplyline_temp_n,
        returnline_temp_sum = COALESCE(b.returnline_temp_sum + EXCLUDED.returnline_temp_sum,
                                       b.returnline_temp_sum, EXCLUDED.returnline_temp_sum),
        returnline_temp_n   = b.returnline_temp_n + EXCLUDED.returnline_temp_n,
        hotwater_temp_sum   = COALESCE(b.hotwater_temp_sum + EXCLUDED.hotwater_temp_sum,
                                       b.hotwater_temp_sum, EXCLUDED.hotwater_temp_sum),
        hotwater_temp_n     = b.hotwater_temp_n + EXCLUDED.hotwater_temp_n,
        brine_out_temp_sum  = COALESCE(b.brine_out_temp_sum + EXCLUDED.brine_out_temp_sum,
                                       b.brine_out_temp_sum, EXCLUDED.brine_out_temp_sum),
        brine_out_temp_n    = b.brine_out_temp_n + EXCLUDED.brine_out_temp_n,
        brine_in_temp_sum   = COALESCE(b.brine_in_temp_sum + EXCLUDED.brine_in_temp_sum,
                                       b.brine_in_temp_sum, EXCLUDED.brine_in_temp_sum),
        brine_in_temp_n     = b.brine_in_temp_n + EXCLUDED.brine_in_temp_n;
    RETURN NULL;
END;
$$;

CREATE TRIGGER heatpump_hourly_base_merge
    AFTER INSERT ON heatpump_status
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION heatpump_hourly_base_merge();

-- The merge functions are trigger functions only; nobody calls them directly.
REVOKE ALL ON FUNCTION energy_hourly_base_merge() FROM PUBLIC;
REVOKE ALL ON FUNCTION heatpump_hourly_base_merge() FROM PUBLIC;

-- Contract rights of the writer in plain mode: it may maintain the base tables itself (the
-- triggers do it for every insert, so the sink must not add the same rows a second time) and it
-- deletes expired raw rows for retention.
GRANT INSERT, UPDATE ON energy_hourly_base, heatpump_hourly_base TO telemetry_writer;
GRANT DELETE ON energy_consumption, temperature_sensors, heatpump_status TO telemetry_writer;
GRANT SELECT ON energy_hourly_base, heatpump_hourly_base TO telemetry_reader;
