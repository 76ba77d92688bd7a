-- The settings registers each heat pump reported last, as the outbox processor consumed them
-- (settings-api.md section 4.3: a row that times out fails with the values the device reports,
-- or "no telemetry received"). The processor's replicas share one consumer group, so each sees
-- only some partitions of the telemetry topic; the replica that times a row out needs the report
-- another replica may have consumed, hence a table instead of process memory.

CREATE TABLE device_reports (
    device_id   TEXT PRIMARY KEY,
    -- The nine settings fields of the record (kafka.md section 3.3) that were non-null numbers,
    -- by field name: {"indoor_target_temp": 20, "mode": 1}.
    reported    JSONB       NOT NULL,
    -- When the processor consumed the record; compared with outbox.published_at.
    received_at TIMESTAMPTZ NOT NULL
);

COMMENT ON TABLE device_reports IS 'Last reported settings registers per heat pump (outbox processor)';

GRANT SELECT, INSERT, UPDATE ON device_reports TO settings_app;
