-- Platform configuration and role defaults of the telemetry database (database.md section 1).
--
-- platform_config holds exactly one row. Its time_zone drives the local day, month and year buckets
-- of the public aggregate views, and the migration runner rewrites it from configuration after
-- every run (UPDATE platform_config SET time_zone = ...), so the row must always exist.

CREATE TABLE platform_config (
    time_zone TEXT NOT NULL DEFAULT 'Europe/Stockholm'
);

COMMENT ON TABLE platform_config IS
    'Exactly one row. time_zone is the IANA zone of the day, month and year buckets';

-- A unique index on a constant admits at most one row without adding a key column to the contract.
CREATE UNIQUE INDEX platform_config_single_row ON platform_config ((true));

-- Only IANA zones whose UTC offset is always a whole number of hours are supported: UTC hour
-- buckets then coincide with local hours, which the local day/month/year views rely on. The runner
-- checks this too; the trigger keeps a manual UPDATE from silently breaking the aggregates.
CREATE FUNCTION platform_config_check_time_zone() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = NEW.time_zone) THEN
        RAISE EXCEPTION 'time zone "%" is not a known IANA zone', NEW.time_zone
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Probe the offset weekly from 1970 to 2100: every standard and daylight-saving period lasts
    -- far longer than a week, so each offset the zone uses in that range is seen.
    IF EXISTS (
        SELECT 1
        FROM generate_series(timestamptz '1970-01-01 00:00:00+00',
                             timestamptz '2100-01-01 00:00:00+00',
                             interval '7 days') AS probe(instant)
        WHERE extract(epoch FROM (probe.instant AT TIME ZONE NEW.time_zone)
                                 - (probe.instant AT TIME ZONE 'UTC'))::bigint % 3600 <> 0
    ) THEN
        RAISE EXCEPTION 'time zone "%" has a UTC offset that is not a whole number of hours',
            NEW.time_zone
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER platform_config_check_time_zone
    BEFORE INSERT OR UPDATE OF time_zone ON platform_config
    FOR EACH ROW EXECUTE FUNCTION platform_config_check_time_zone();

-- The row may be changed but never removed: the views would otherwise return no rows at all.
CREATE FUNCTION platform_config_keep_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'platform_config must keep its single row; update it instead'
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER platform_config_keep_row_on_delete
    BEFORE DELETE ON platform_config
    FOR EACH ROW EXECUTE FUNCTION platform_config_keep_row();

CREATE TRIGGER platform_config_keep_row_on_truncate
    BEFORE TRUNCATE ON platform_config
    FOR EACH STATEMENT EXECUTE FUNCTION platform_config_keep_row();

INSERT INTO platform_config DEFAULT VALUES;

-- homelab-api connects as telemetry_reader. Every transaction of that role is read-only unless it
-- explicitly asks otherwise, and even then it holds no write privilege (SELECT grants only).
-- The setting belongs to the role, so it is shared by every database of the cluster: it is only
-- written when missing, and a concurrent migration of another database that wrote it first
-- (unique_violation on the catalog) is as good as writing it here.
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1
        FROM pg_catalog.pg_db_role_setting AS s
        JOIN pg_catalog.pg_roles AS r ON r.oid = s.setrole
        WHERE r.rolname = 'telemetry_reader'
          AND s.setdatabase = 0
          AND 'default_transaction_read_only=on' = ANY (s.setconfig)
    ) THEN
        ALTER ROLE telemetry_reader SET default_transaction_read_only = on;
    END IF;
EXCEPTION WHEN unique_violation THEN
    NULL;
END;
$$;

-- Relations that later migrations create (as the same migration role) are readable by the reader
-- without a grant being forgotten. Each migration still grants explicitly what it creates.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO telemetry_reader;

GRANT SELECT ON platform_config TO telemetry_reader;
