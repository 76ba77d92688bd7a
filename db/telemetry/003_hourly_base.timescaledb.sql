-- Hypertables, policies and hourly continuous aggregates in TimescaleDB mode (database.md
-- sections 3.3 and 5).
--
-- Written for TimescaleDB 2.x on PostgreSQL 15 (TimescaleDB 2.9 or later) with the long-standing
-- API: create_hypertable(relation, time_column, ...), ALTER TABLE ... SET (timescaledb.compress),
-- add_compression_policy, add_retention_policy and add_continuous_aggregate_policy. Every
-- statement here may run inside the runner's transaction: the continuous aggregates are created
-- WITH NO DATA, and only a refresh (homelab-migrate --refresh-aggregates) must run outside one.
--
-- The relations keep the names and columns of the plain-mode tables (003_hourly_base.postgres.sql),
-- so migration 004 builds the same public views on top of either.

CREATE EXTENSION IF NOT EXISTS timescaledb;

-- Raw tables become hypertables partitioned on time. Their unique keys (device, time) contain the
-- partitioning column, as TimescaleDB requires. Migration 002 already created the time index, so
-- the default one is not created a second time.
SELECT create_hypertable('energy_consumption', 'time',
                         chunk_time_interval => INTERVAL '1 day',
                         create_default_indexes => false);
SELECT create_hypertable('temperature_sensors', 'time',
                         chunk_time_interval => INTERVAL '7 days',
                         create_default_indexes => false);
SELECT create_hypertable('heatpump_status', 'time',
                         chunk_time_interval => INTERVAL '7 days',
                         create_default_indexes => false);

-- Compression of chunks older than 7 days, segmented by device and ordered by time descending.
-- The segment-by and order-by columns cover the unique keys, so a late row inserted into a
-- compressed chunk is still checked for conflicts (INSERT ... ON CONFLICT DO NOTHING on compressed
-- chunks needs TimescaleDB 2.10 or later; use a current 2.x release).
ALTER TABLE energy_consumption SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'device_serial',
    timescaledb.compress_orderby = 'time DESC'
);
ALTER TABLE temperature_sensors SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'device_id',
    timescaledb.compress_orderby = 'time DESC'
);
ALTER TABLE heatpump_status SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'device_id',
    timescaledb.compress_orderby = 'time DESC'
);

SELECT add_compression_policy('energy_consumption', compress_after => INTERVAL '7 days');
SELECT add_compression_policy('temperature_sensors', compress_after => INTERVAL '7 days');
SELECT add_compression_policy('heatpump_status', compress_after => INTERVAL '7 days');

-- Raw data is kept for 90 days; the hourly aggregates below are kept forever (no retention
-- policy on them). To change the raw retention later: remove_retention_policy, then
-- add_retention_policy with the new interval, which must stay above the 3-day refresh offset.
SELECT add_retention_policy('energy_consumption', drop_after => INTERVAL '90 days');
SELECT add_retention_policy('temperature_sensors', drop_after => INTERVAL '90 days');
SELECT add_retention_policy('heatpump_status', drop_after => INTERVAL '90 days');

-- Hourly per-meter statistics of the energy counter and power (columns of section 3.3).
-- active_energy_total is NOT NULL, so the first/last counter value is simply the value at the
-- earliest/latest reading. Real-time (materialized_only = false): the not yet materialized recent
-- hours are computed from the raw table at query time, so the current hour is always included.
CREATE MATERIALIZED VIEW energy_hourly_base
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT
    time_bucket(INTERVAL '1 hour', e.time)            AS bucket,
    e.device_serial                                   AS device_serial,
    min(e.time)                                       AS first_time,
    first(e.active_energy_total, e.time)              AS first_total,
    max(e.time)                                       AS last_time,
    last(e.active_energy_total, e.time)               AS last_total,
    min(e.active_energy_total)                        AS min_total,
    max(e.active_energy_total)                        AS max_total,
    count(*)                                          AS measurement_count,
    sum(e.active_power_total)                         AS power_total_sum,
    count(e.active_power_total)                       AS power_total_n,
    sum(e.active_power_l1)                            AS power_l1_sum,
    count(e.active_power_l1)                          AS power_l1_n,
    sum(e.active_power_l2)                            AS power_l2_sum,
    count(e.active_power_l2)                          AS power_l2_n,
    sum(e.active_power_l3)                            AS power_l3_sum,
    count(e.active_power_l3)                          AS power_l3_n
FROM energy_consumption AS e
GROUP BY time_bucket(INTERVAL '1 hour', e.time), e.device_serial
WITH NO DATA;

-- Hourly per-heat-pump statistics. A runtime counter may be null in a reading; first() and last()
-- do not skip nulls, so each is restricted with FILTER to the readings where the counter is not
-- null ("first" and "last" of section 3.3). FILTER inside a continuous aggregate needs the
-- finalized form, the default since TimescaleDB 2.7. The *_first_time/*_last_time columns match
-- the plain-mode table, where they are needed to merge batches.
CREATE MATERIALIZED VIEW heatpump_hourly_base
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT
    time_bucket(INTERVAL '1 hour', h.time) AS bucket,
    h.device_id                            AS device_id,
    count(*)                               AS measurement_count,
    first(h.runtime_compressor, h.time) FILTER (WHERE h.runtime_compressor IS NOT NULL)
                                           AS rt_compressor_first,
    last(h.runtime_compressor, h.time) FILTER (WHERE h.runtime_compressor IS NOT NULL)
                                           AS rt_compressor_last,
    min(h.runtime_compressor)              AS rt_compressor_min,
    max(h.runtime_compressor)              AS rt_compressor_max,
    first(h.runtime_hotwater, h.time) FILTER (WHERE h.runtime_hotwater IS NOT NULL)
                                           AS rt_hotwater_first,
    last(h.runtime_hotwater, h.time) FILTER (WHERE h.runtime_hotwater IS NOT NULL)
                                           AS rt_hotwater_last,
    min(h.runtime_hotwater)                AS rt_hotwater_min,
    max(h.runtime_hotwater)                AS rt_hotwater_max,
    first(h.runtime_3kw, h.time) FILTER (WHERE h.runtime_3kw IS NOT NULL)
                                           AS rt_3kw_first,
    last(h.runtime_3kw, h.time) FILTER (WHERE h.runtime_3kw IS NOT NULL)
                                           AS rt_3kw_last,
    min(h.runtime_3kw)                     AS rt_3kw_min,
    max(h.runtime_3kw)                     AS rt_3kw_max,
    first(h.runtime_6kw, h.time) FILTER (WHERE h.runtime_6kw IS NOT NULL)
                                           AS rt_6kw_first,
    last(h.runtime_6kw, h.time) FILTER (WHERE h.runtime_6kw IS NOT NULL)
                                           AS rt_6kw_last,
    min(h.runtime_6kw)                     AS rt_6kw_min,
    max(h.runtime_6kw)                     AS rt_6kw_max,
    sum(h.outdoor_temp)                    AS outdoor_temp_sum,
    count(h.outdoor_temp)                  AS outdoor_temp_n,
    sum(h.supplyline_temp)                 AS supplyline_temp_sum,
    count(h.supplyline_temp)               AS supplyline_temp_n,
    sum(h.returnline_temp)                 AS returnline_temp_sum,
    count(h.returnline_temp)               AS returnline_temp_n,
    sum(h.hotwater_temp)                   AS hotwater_temp_sum,
    count(h.hotwater_temp)                 AS hotwater_temp_n,
    sum(h.brine_out_temp)                  AS brine_out_temp_sum,
    count(h.brine_out_temp)                AS brine_out_temp_n,
    sum(h.brine_in_temp)                   AS brine_in_temp_sum,
    count(h.brine_in_temp)                 AS brine_in_temp_n,
    min(h.time) FILTER (WHERE h.runtime_compressor IS NOT NULL) AS rt_compressor_first_time,
    max(h.time) FILTER (WHERE h.runtime_compressor IS NOT NULL) AS rt_compressor_last_time,
    min(h.time) FILTER (WHERE h.runtime_hotwater IS NOT NULL)   AS rt_hotwater_first_time,
    max(h.time) FILTER (WHERE h.runtime_hotwater IS NOT NULL)   AS rt_hotwater_last_time,
    min(h.time) FILTER (WHERE h.runtime_3kw IS NOT NULL)        AS rt_3kw_first_time,
    max(h.time) FILTER (WHERE h.runtime_3kw IS NOT NULL)        AS rt_3kw_last_time,
    min(h.time) FILTER (WHERE h.runtime_6kw IS NOT NULL)        AS rt_6kw_first_time,
    max(h.time) FILTER (WHERE h.runtime_6kw IS NOT NULL)        AS rt_6kw_last_time
FROM heatpump_status AS h
GROUP BY time_bucket(INTERVAL '1 hour', h.time), h.device_id
WITH NO DATA;

-- Refresh every 30 minutes over [now - 3 days, now - 1 hour]. The start offset stays far below the
-- 90-day raw retention, so a refresh never re-aggregates dropped chunks as empty (which would
-- delete the kept hours). Rows arriving more than 3 days late are only materialized by a manual
-- refresh (homelab-migrate --refresh-aggregates).
SELECT add_continuous_aggregate_policy('energy_hourly_base',
                                       start_offset => INTERVAL '3 days',
                                       end_offset => INTERVAL '1 hour',
                                       schedule_interval => INTERVAL '30 minutes');
SELECT add_continuous_aggregate_policy('heatpump_hourly_base',
                                       start_offset => INTERVAL '3 days',
                                       end_offset => INTERVAL '1 hour',
                                       schedule_interval => INTERVAL '30 minutes');

-- Retention in this mode is the policy above, so the writer gets no DELETE; the base relations
-- are maintained by TimescaleDB, so it gets no rights on them either.
GRANT SELECT ON energy_hourly_base, heatpump_hourly_base TO telemetry_reader;
