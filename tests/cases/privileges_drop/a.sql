-- A staging area guarded by row level security and granted to a loader
-- role; later it is dropped, and a column with its own grant goes too.
DO $$ BEGIN CREATE ROLE etl_loader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE app_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE SCHEMA staging;
GRANT USAGE ON SCHEMA staging TO etl_loader;

CREATE TYPE load_state AS ENUM ('pending', 'done');
REVOKE USAGE ON TYPE load_state FROM PUBLIC;

CREATE TABLE staging.raw_events (
    id bigserial PRIMARY KEY,
    tenant text NOT NULL,
    payload jsonb,
    state load_state NOT NULL DEFAULT 'pending'
);
ALTER TABLE staging.raw_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE staging.raw_events FORCE ROW LEVEL SECURITY;
CREATE POLICY per_tenant ON staging.raw_events
    USING (tenant = current_setting('app.tenant'));
GRANT SELECT, INSERT ON staging.raw_events TO etl_loader;
GRANT USAGE ON SEQUENCE staging.raw_events_id_seq TO etl_loader;

CREATE TABLE events (
    id bigint PRIMARY KEY,
    tenant text NOT NULL,
    internal_note text
);
GRANT SELECT (id, tenant, internal_note) ON events TO app_reader;
