-- The staging schema is gone; events keeps its public columns.
DO $$ BEGIN CREATE ROLE etl_loader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE app_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE events (
    id bigint PRIMARY KEY,
    tenant text NOT NULL
);
GRANT SELECT (id, tenant) ON events TO app_reader;
