-- Raw telemetry tables and the compatibility view `energy` (database.md section 2).
--
-- The same tables serve both modes: migration 003 turns them into hypertables in TimescaleDB mode
-- and attaches the hourly maintenance triggers in plain mode. Every table has a unique key on
-- (device, time) because writers insert with ON CONFLICT DO NOTHING, which makes redelivered Kafka
-- records harmless. Power, current and production are INTEGER and counters BIGINT: the original
-- SMALLINT columns overflowed and stalled the sink.

CREATE TABLE energy_consumption (
    time                     TIMESTAMPTZ NOT NULL,
    device_serial            TEXT        NOT NULL,
    meter_type               TEXT,
    wifi_rssi                INTEGER,
    active_power_total       INTEGER     NOT NULL,
    active_power_l1          INTEGER,
    active_power_l2          INTEGER,
    active_power_l3          INTEGER,
    active_production_total  INTEGER,
    active_energy_total      BIGINT      NOT NULL,
    active_energy_production BIGINT,
    voltage_l1               INTEGER,
    voltage_l2               INTEGER,
    voltage_l3               INTEGER,
    current_l1               INTEGER,
    current_l2               INTEGER,
    current_l3               INTEGER,
    power_factor             INTEGER,
    CONSTRAINT energy_consumption_device_time_key UNIQUE (device_serial, time)
);

COMMENT ON COLUMN energy_consumption.active_power_total IS 'W, imported';
COMMENT ON COLUMN energy_consumption.active_energy_total IS 'Wh, cumulative import counter';
COMMENT ON COLUMN energy_consumption.active_energy_production IS 'Wh, cumulative export counter';
COMMENT ON COLUMN energy_consumption.current_l1 IS 'mA';
COMMENT ON COLUMN energy_consumption.current_l2 IS 'mA';
COMMENT ON COLUMN energy_consumption.current_l3 IS 'mA';

CREATE TABLE temperature_sensors (
    time            TIMESTAMPTZ      NOT NULL,
    device_id       TEXT             NOT NULL,
    mac_address     TEXT,
    location        TEXT             NOT NULL,
    temperature_c   DOUBLE PRECISION NOT NULL,
    temperature_f   DOUBLE PRECISION,
    humidity        DOUBLE PRECISION,
    wifi_rssi       DOUBLE PRECISION,
    battery_voltage DOUBLE PRECISION,
    battery_percent DOUBLE PRECISION,
    uptime          DOUBLE PRECISION,
    ram_free        DOUBLE PRECISION,
    wind_speed_ms   DOUBLE PRECISION,
    pressure_hpa    DOUBLE PRECISION,
    external_power  DOUBLE PRECISION,
    CONSTRAINT temperature_sensors_device_time_key UNIQUE (device_id, time)
);

COMMENT ON COLUMN temperature_sensors.external_power IS '1.0 for true or 1, 0.0 for false or 0';

-- homelab-api reads the latest and recent readings per location.
CREATE INDEX temperature_sensors_location_time_idx ON temperature_sensors (location, time DESC);

CREATE TABLE heatpump_status (
    time                TIMESTAMPTZ NOT NULL,
    device_id           TEXT        NOT NULL,
    outdoor_temp        DOUBLE PRECISION,
    supplyline_temp     DOUBLE PRECISION,
    returnline_temp     DOUBLE PRECISION,
    hotwater_temp       DOUBLE PRECISION,
    brine_out_temp      DOUBLE PRECISION,
    brine_in_temp       DOUBLE PRECISION,
    indoor_temp         DOUBLE PRECISION,
    flowlinepump_speed  INTEGER,
    runtime_compressor  INTEGER,
    runtime_hotwater    INTEGER,
    runtime_3kw         INTEGER,
    runtime_6kw         INTEGER,
    brinepump_on        BOOLEAN,
    compressor_on       BOOLEAN,
    flowlinepump_on     BOOLEAN,
    hotwater_production BOOLEAN,
    aux_heater_3kw_on   BOOLEAN,
    aux_heater_6kw_on   BOOLEAN,
    integral            INTEGER,
    CONSTRAINT heatpump_status_device_time_key UNIQUE (device_id, time)
);

COMMENT ON COLUMN heatpump_status.runtime_compressor IS 'hours, cumulative';
COMMENT ON COLUMN heatpump_status.integral IS 'd25, degree-minutes';

-- A time index per table serves "latest across all devices" reads and, in plain mode, the hourly
-- retention delete. TimescaleDB would create the same index by default; migration 003 disables its
-- default so both modes end up with identical indexes.
CREATE INDEX energy_consumption_time_idx ON energy_consumption (time DESC);
CREATE INDEX temperature_sensors_time_idx ON temperature_sensors (time DESC);
CREATE INDEX heatpump_status_time_idx ON heatpump_status (time DESC);

-- Compatibility view with the original column names. consumption_total_w is the cumulative
-- counter in Wh despite its name. Numbers are cast to BIGINT so clients decode one integer type.
CREATE VIEW energy AS
SELECT
    e.time                             AS ts,
    e.active_energy_total::BIGINT      AS consumption_total_w,
    e.active_power_total::BIGINT       AS consumption_total_actual_w,
    e.active_power_l1::BIGINT          AS consumption_l1_actual_w,
    e.active_power_l2::BIGINT          AS consumption_l2_actual_w,
    e.active_power_l3::BIGINT          AS consumption_l3_actual_w,
    e.device_serial                    AS device_serial
FROM energy_consumption AS e;

GRANT INSERT, SELECT ON energy_consumption, temperature_sensors, heatpump_status
    TO telemetry_writer;
GRANT SELECT ON energy_consumption, temperature_sensors, heatpump_status, energy
    TO telemetry_reader;
