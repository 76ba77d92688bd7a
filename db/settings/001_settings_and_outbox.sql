-- Heat pump settings and the transactional outbox (database.md section 7, settings-api.md).
--
-- schema_migrations is created by homelab-migrate, not here.

-- One row per heat pump, created by the settings mirror on the device's first telemetry. Every
-- setting stays NULL until the device reports it, and values are stored exactly as reported.
CREATE TABLE settings (
    device_id          TEXT PRIMARY KEY,
    indoor_target_temp DOUBLE PRECISION,
    mode               INTEGER,
    curve              INTEGER,
    curve_min          INTEGER,
    curve_max          INTEGER,
    curve_plus_5       INTEGER,
    curve_zero         INTEGER,
    curve_minus_5      INTEGER,
    heatstop           INTEGER,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

COMMENT ON TABLE settings IS 'Reported and commanded settings per heat pump (registers d50..d58)';
COMMENT ON COLUMN settings.device_id IS 'ThermIQ Client_Name';
COMMENT ON COLUMN settings.indoor_target_temp IS 'd50, C, stored exactly as reported';
COMMENT ON COLUMN settings.updated_at IS 'Last change, by PATCH or by the mirror';

-- One row per accepted PATCH. The API inserts it in the same transaction as the settings update;
-- the outbox processor publishes it over MQTT and confirms it against telemetry. Every status
-- transition is a conditional UPDATE guarded by the expected current status.
CREATE TABLE outbox (
    id              BIGSERIAL PRIMARY KEY,
    aggregate_type  VARCHAR(255) NOT NULL,
    aggregate_id    VARCHAR(255) NOT NULL,
    event_type      VARCHAR(255) NOT NULL,
    payload         JSONB        NOT NULL,
    status          VARCHAR(50)  NOT NULL DEFAULT 'pending',
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_at    TIMESTAMPTZ,
    confirmed_at    TIMESTAMPTZ,
    error_message   TEXT,
    retry_count     INTEGER      NOT NULL DEFAULT 0,
    max_retries     INTEGER      NOT NULL DEFAULT 3,
    next_attempt_at TIMESTAMPTZ,
    CONSTRAINT outbox_status_check
        CHECK (status IN ('pending', 'published', 'confirmed', 'failed'))
);

COMMENT ON COLUMN outbox.payload IS 'The validated PATCH body: only the members sent, never null';
COMMENT ON COLUMN outbox.next_attempt_at IS 'Earliest next publish attempt; NULL means now';

-- The processor scans in-flight rows only (claiming pending rows, timing out published ones);
-- confirmed and failed rows are terminal and pile up, so they are left out of this index.
CREATE INDEX outbox_in_flight_idx ON outbox (status, created_at)
    WHERE status IN ('pending', 'published');

-- Per-device history, newest first (GET .../{device_id}/outbox).
CREATE INDEX outbox_aggregate_idx ON outbox (aggregate_type, aggregate_id, id DESC);

-- Wakes the processor (LISTEN outbox_pending) as soon as a row commits; the payload is the id.
-- NOTIFY is transactional, so a rolled-back PATCH wakes nobody.
CREATE FUNCTION outbox_notify_pending() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_pending', NEW.id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify_pending
    AFTER INSERT ON outbox
    FOR EACH ROW EXECUTE FUNCTION outbox_notify_pending();

GRANT SELECT, INSERT, UPDATE ON settings, outbox TO settings_app;
GRANT USAGE ON SEQUENCE outbox_id_seq TO settings_app;
